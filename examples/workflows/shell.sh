#!/bin/sh
# Any other CI, or a laptop: the CLI with flags and IPFS_PIN_* variables. The labels and the
# cleanup scope need the repository and commit, which GitHub and GitLab fill in themselves.
set -eu
export IPFS_PIN_REPOSITORY=acme/site
IPFS_PIN_SHA="$(git rev-parse HEAD)"
export IPFS_PIN_SHA
export IPFS_PIN_CLUSTER_TOKEN="${CLUSTER_TOKEN:?set CLUSTER_TOKEN}"
CID=$(node dist/cli/index.js --path dist --provider cluster \
  --cluster-url https://cluster.example.org:9094 \
  --unpin-previous --keep 3 --outputs-file ipfs.env)
echo "published $CID"
