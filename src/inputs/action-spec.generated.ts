// Generated from action.yml by scripts/gen-docs.mjs. Do not edit: run `npm run gen`.

export const ACTION_SECTIONS = [
  {
    "id": "content",
    "title": "Content"
  },
  {
    "id": "providers",
    "title": "Providers"
  },
  {
    "id": "naming",
    "title": "Naming and tags"
  },
  {
    "id": "pinning",
    "title": "Pinning behaviour"
  },
  {
    "id": "cleanup",
    "title": "Cleanup"
  },
  {
    "id": "reporting",
    "title": "Reporting"
  },
  {
    "id": "names",
    "title": "Names: retrieval check and DNSLink"
  },
  {
    "id": "ipns",
    "title": "IPNS"
  },
  {
    "id": "ens",
    "title": "ENS: contenthash of ENS names"
  },
  {
    "id": "rollback",
    "title": "Rollback and history"
  }
] as const

export const ACTION_INPUTS = [
  {
    "name": "path",
    "section": "content",
    "description": "File or directory to publish (relative to the workspace). A directory gives the CID of the\ndirectory itself, as `ipfs add -r` does; a file gives the file's CID. Required unless `cid`\nis set or `mode` is `cleanup`.",
    "default": "",
    "required": false
  },
  {
    "name": "include",
    "section": "content",
    "description": "Glob patterns (one per line or comma-separated, relative to `path`) of entries to publish.\nEmpty means everything. Naming `.git` or `.env*` here explicitly (for example `.env.public`)\nis the only way to publish those.",
    "default": "",
    "required": false
  },
  {
    "name": "exclude",
    "section": "content",
    "description": "Glob patterns (one per line or comma-separated, relative to `path`) of entries to leave out.\nA matching directory is left out with everything under it.",
    "default": "",
    "required": false
  },
  {
    "name": "hidden-files",
    "section": "content",
    "description": "What to do with dotfiles and dot-directories such as `.well-known/`.\n`include`: publish them (default). `exclude`: skip them, as `ipfs add` does without `-H`.\nEither way `.git/` and `.env*` are never published unless `include` names them explicitly.\nSkipped entries are listed in the job summary.",
    "default": "include",
    "required": false
  },
  {
    "name": "cid-profile",
    "section": "content",
    "description": "How the UnixFS DAG and its CID are built.\n`auto` (default): `unixfs-v1-2025`, unless `pinata` or `aioz` is a provider: they build\nthe DAG themselves from the uploaded files, so `auto` picks the profile they produce\n(`kubo-cid-v1`) and the CID computed here is the one they report.\n`unixfs-v1-2025`: IPIP-499 profile, CIDv1, raw leaves, 1 MiB chunks, 1024 links per node,\nHAMT by block size. Same as `ipfs add` with kubo's `unixfs-v1-2025` profile.\n`unixfs-v0-2015` (alias `legacy-cid-v0`): IPIP-499 legacy profile, kubo's default: CIDv0,\n256 KiB chunks, 174 links, dag-pb leaves, HAMT by link bytes. Pinata can produce it.\n`kubo-cid-v1`: what `ipfs add --cid-version=1` gives with kubo's default settings, and what\nPinata, AIOZ and IPFS Cluster produce with CID version 1: raw leaves, 256 KiB chunks, 174\nlinks.",
    "default": "auto",
    "required": false
  },
  {
    "name": "wrap-with-directory",
    "section": "content",
    "description": "`true` wraps the content in a directory that keeps its name, like `ipfs add -w`.\n`false` (default) gives the CID of the file or directory itself.",
    "default": "false",
    "required": false
  },
  {
    "name": "car-path",
    "section": "content",
    "description": "Where to write the CAR (CARv1, root in the header): a file path, or a directory (an existing\none, or a path ending in `/`) to write `<cid>.car` in. Empty (default) means\n`$RUNNER_TEMP/ipfs-pin-action/` (the system temp directory outside Actions).",
    "default": "",
    "required": false
  },
  {
    "name": "cid",
    "section": "content",
    "description": "Pin these existing CIDs (one per line or comma-separated) instead of uploading `path`.\nThe content must already be reachable on the IPFS network. Cannot be combined with `path`.",
    "default": "",
    "required": false
  },
  {
    "name": "provider",
    "section": "providers",
    "description": "Where to pin, one or several (one per line or comma-separated). Empty (default): compute the\nCID and CAR only, offline. `psa` is any IPFS Pinning Service API endpoint (`psa-endpoint`),\nand `pinata-psa`, `filebase`, `4everland`, `web3-storage`, `cluster-psa` are presets of it;\n`filebase-s3` (Filebase's S3 API with CAR import) and `pinata-v3` (Pinata's v3 Files API\nwith `car=true`, paid plans) store the CAR itself.\nAllowed: the uploads (they take the content) `pinata`, `aioz`, `cluster`, `kubo`,\n`filebase-s3`, `pinata-v3`; the pin-only services (they pin by CID what the uploads put on the\nnetwork, or what `cid` names) `sagittarius`, `psa`, `pinata-psa`, `filebase`, `4everland`,\n`web3-storage`, `cluster-psa`. What each one is, and its inputs: docs/providers/README.md.",
    "default": "",
    "required": false
  },
  {
    "name": "pinata-jwt",
    "section": "providers",
    "description": "Pinata API JWT (for `pinata`, `pinata-psa` and `pinata-v3`). Or, for `pinata` only, use\n`pinata-api-key` and `pinata-api-secret`. `pinata-v3` needs a key with v3 scopes\n(`org:files:write`, `org:files:read`) or an admin key: keys scoped for the legacy API fail there.",
    "default": "",
    "required": false
  },
  {
    "name": "pinata-api-key",
    "section": "providers",
    "description": "Pinata API key (legacy key pair, with `pinata-api-secret`).",
    "default": "",
    "required": false
  },
  {
    "name": "pinata-api-secret",
    "section": "providers",
    "description": "Pinata API secret (legacy key pair, with `pinata-api-key`).",
    "default": "",
    "required": false
  },
  {
    "name": "pinata-api-url",
    "section": "providers",
    "description": "Pinata API base URL.",
    "default": "https://api.pinata.cloud",
    "required": false
  },
  {
    "name": "pinata-uploads-url",
    "section": "providers",
    "description": "Pinata v3 uploads base URL (for `pinata-v3`: the CAR is posted to `<url>/v3/files`).",
    "default": "https://uploads.pinata.cloud",
    "required": false
  },
  {
    "name": "aioz-api-key",
    "section": "providers",
    "description": "AIOZ W3IPFS pinning API key (header `pinning_api_key`).",
    "default": "",
    "required": false
  },
  {
    "name": "aioz-secret-key",
    "section": "providers",
    "description": "AIOZ W3IPFS pinning secret key (header `pinning_secret_key`).",
    "default": "",
    "required": false
  },
  {
    "name": "aioz-api-url",
    "section": "providers",
    "description": "AIOZ W3IPFS API base URL.",
    "default": "https://api.aiozpin.network/api",
    "required": false
  },
  {
    "name": "sagittarius-api-key",
    "section": "providers",
    "description": "Sagittarius A* API key (header `x-api-key`).",
    "default": "",
    "required": false
  },
  {
    "name": "sagittarius-api-url",
    "section": "providers",
    "description": "Sagittarius A* API base URL.",
    "default": "https://api.sgr-a.xyz",
    "required": false
  },
  {
    "name": "cluster-url",
    "section": "providers",
    "description": "IPFS Cluster REST API URL, for example `https://cluster.example.org:9094`.",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-psa-url",
    "section": "providers",
    "description": "IPFS Cluster Pinning Service API URL (the `pinsvcapi` endpoint, port 9097 by default), for `cluster-psa`.",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-basic-auth",
    "section": "providers",
    "description": "IPFS Cluster Basic auth credentials as `user:password`.",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-token",
    "section": "providers",
    "description": "IPFS Cluster bearer token (a JWT from `POST /token`).",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-replication-min",
    "section": "providers",
    "description": "IPFS Cluster minimum replication factor. Empty uses the cluster's default; `-1` means every peer.",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-replication-max",
    "section": "providers",
    "description": "IPFS Cluster maximum replication factor. Empty uses the cluster's default; `-1` means every peer.",
    "default": "",
    "required": false
  },
  {
    "name": "cluster-expire-in",
    "section": "providers",
    "description": "IPFS Cluster pin expiry, a duration such as `720h`, `30d` or `90m`. Empty means never.",
    "default": "",
    "required": false
  },
  {
    "name": "kubo-url",
    "section": "providers",
    "description": "Kubo RPC API URL of a node you run.",
    "default": "http://127.0.0.1:5001",
    "required": false
  },
  {
    "name": "kubo-basic-auth",
    "section": "providers",
    "description": "Kubo RPC Basic auth credentials as `user:password` (kubo `API.Authorizations`).",
    "default": "",
    "required": false
  },
  {
    "name": "kubo-token",
    "section": "providers",
    "description": "Kubo RPC bearer token (kubo `API.Authorizations`).",
    "default": "",
    "required": false
  },
  {
    "name": "psa-endpoint",
    "section": "providers",
    "description": "Endpoint of an IPFS Pinning Service API service for `provider: psa` (as in `ipfs pin remote service add`; `/pins` is appended).",
    "default": "",
    "required": false
  },
  {
    "name": "psa-token",
    "section": "providers",
    "description": "Access token for `psa-endpoint`.",
    "default": "",
    "required": false
  },
  {
    "name": "filebase-token",
    "section": "providers",
    "description": "Filebase IPFS Pinning Service API token (for `filebase`).",
    "default": "",
    "required": false
  },
  {
    "name": "filebase-bucket",
    "section": "providers",
    "description": "Filebase IPFS bucket the CAR is stored in (for `filebase-s3`). Objects are written under\n`ipfs-pin-action/` in it.",
    "default": "",
    "required": false
  },
  {
    "name": "filebase-access-key-id",
    "section": "providers",
    "description": "Filebase S3 access key (for `filebase-s3`; Filebase console, Access Keys).",
    "default": "",
    "required": false
  },
  {
    "name": "filebase-secret-access-key",
    "section": "providers",
    "description": "Filebase S3 secret access key (for `filebase-s3`).",
    "default": "",
    "required": false
  },
  {
    "name": "filebase-s3-url",
    "section": "providers",
    "description": "Filebase S3 endpoint (for `filebase-s3`). Filebase's newer docs name `https://s3.filebase.io`.",
    "default": "https://s3.filebase.com",
    "required": false
  },
  {
    "name": "filebase-region",
    "section": "providers",
    "description": "Region the `filebase-s3` requests are signed for (SigV4). Filebase's newer docs use `auto`\nwith `https://s3.filebase.io`.",
    "default": "us-east-1",
    "required": false
  },
  {
    "name": "4everland-token",
    "section": "providers",
    "description": "4EVERLAND 4EVER Pin access token (for `4everland`).",
    "default": "",
    "required": false
  },
  {
    "name": "web3-storage-token",
    "section": "providers",
    "description": "web3.storage token (for `web3-storage`). The service shut its API down in 2024; the preset says so when the endpoint does.",
    "default": "",
    "required": false
  },
  {
    "name": "fork-unauthenticated",
    "section": "providers",
    "description": "In a pull request from a fork (GitHub gives such runs no secrets), every provider none of\nwhose credential inputs is set is skipped, `cluster` and `kubo` included: their auth is\noptional, and a fork's code must not reach your nodes. `false` (default) keeps it so.\n`true` lets `cluster` and `kubo` run there without credentials. Only for a node meant to\ntake anyone's content: whoever opens a pull request can then pin on it.",
    "default": "false",
    "required": false
  },
  {
    "name": "name",
    "section": "naming",
    "description": "Pin name template. Placeholders: `{repo}`, `{owner}`, `{sha}`, `{sha7}`, `{ref}`, `{pr}`,\n`{run_id}`, `{run_number}`, `{env}`. Empty (default) means `{repo}-{sha7}`, or\n`{repo}-pr{pr}-{sha7}` for pull requests. At most 255 characters once filled in.",
    "default": "",
    "required": false
  },
  {
    "name": "metadata",
    "section": "naming",
    "description": "Extra key-values stored with each pin where the provider supports it: `key=value`, one per\nline, or a JSON object of strings. Keys use letters, digits, `_`, `-` and `.`; the `ipfs-pin.*`\nkeys are the action's own labels (scope, repo, env, ref, sha, pr, run, time). A value is one\nline of printable text (no line break or other control character), at most 256 characters.",
    "default": "",
    "required": false
  },
  {
    "name": "environment",
    "section": "naming",
    "description": "Deployment environment name (letters, digits, `.`, `_`, `-`), part of the cleanup scope.\nEmpty (default) means `preview` for pull requests and `production` otherwise.",
    "default": "",
    "required": false
  },
  {
    "name": "scope",
    "section": "naming",
    "description": "Cleanup scope key shared by the pins of one deployment line (no spaces). Empty (default)\nmeans `<owner>/<repo>@<environment>`, or `<owner>/<repo>#pr-<number>` for pull requests.",
    "default": "",
    "required": false
  },
  {
    "name": "verify",
    "section": "pinning",
    "description": "What to do when a provider reports a CID other than the one computed locally.\n`fail` (default): fail the step. `warn`: warn and go on. `off`: do not compare.",
    "default": "fail",
    "required": false
  },
  {
    "name": "wait",
    "section": "pinning",
    "description": "How long to wait for each pin. `pinned` (default): until pinned. `queued`: until the\nprovider accepted the request. `none`: do not poll.",
    "default": "pinned",
    "required": false
  },
  {
    "name": "wait-timeout",
    "section": "pinning",
    "description": "Longest wait for pins to reach the `wait` state, as seconds or a duration (`90s`, `10m`, `1h`).",
    "default": "10m",
    "required": false
  },
  {
    "name": "request-timeout",
    "section": "pinning",
    "description": "Longest time one HTTP request may stall (no bytes either way) before it is retried, as seconds or a duration.",
    "default": "2m",
    "required": false
  },
  {
    "name": "timeout",
    "section": "pinning",
    "description": "Longest time for all network work of the run together (uploads, pins, waiting for pins,\ncleanup, GitHub feedback), counted from its first request, as seconds or a duration.\nReaching it fails the step with what was still in progress.",
    "default": "1h",
    "required": false
  },
  {
    "name": "retries",
    "section": "pinning",
    "description": "How many times a failed call that is safe to repeat (5xx, 429, 408, resets, stalls, broken\nanswers) is retried, with backoff and the service's Retry-After. 0 to 10. A request that\nmakes a new record (a PSA pin request) is looked up, not sent again blindly.",
    "default": "4",
    "required": false
  },
  {
    "name": "required-providers",
    "section": "pinning",
    "description": "Which providers must succeed for the step to succeed. `all` (default), `any`, or a list of\nprovider names (one per line or comma-separated).",
    "default": "all",
    "required": false
  },
  {
    "name": "mode",
    "section": "cleanup",
    "description": "`deploy` (default): publish and pin. `cleanup`: unpin every pin of this scope (for example\non `pull_request: closed`); needs no `path`. `republish`: re-sign the record of `ipns-key`\nwith the value it has now and a fresh validity (run it on a schedule); needs no `path`.\n`rollback`: point this scope's names (DNSLink, IPNS, ENS) back to an earlier deployment\n(`to`), checked still pinned and retrievable first; no build, no upload. Refused on pull\nrequests.",
    "default": "deploy",
    "required": false
  },
  {
    "name": "unpin-previous",
    "section": "cleanup",
    "description": "`true` unpins earlier pins of the same scope after a successful deploy, keeping the newest `keep`.",
    "default": "false",
    "required": false
  },
  {
    "name": "keep",
    "section": "cleanup",
    "description": "How many pins of the scope to keep with `unpin-previous`, the new one included. At least 1.",
    "default": "1",
    "required": false
  },
  {
    "name": "unpin",
    "section": "cleanup",
    "description": "CIDs to unpin from every provider (one per line or comma-separated), whatever their labels:\non a PSA service every request for each CID. Works with every provider (no labels needed).",
    "default": "",
    "required": false
  },
  {
    "name": "protect",
    "section": "cleanup",
    "description": "CIDs never to unpin, whatever else says so (one per line or comma-separated).",
    "default": "",
    "required": false
  },
  {
    "name": "max-unpin",
    "section": "cleanup",
    "description": "Fail, and unpin nothing, when a run would unpin more than this many CIDs (a guard against a wrong scope).",
    "default": "10",
    "required": false
  },
  {
    "name": "dry-run",
    "section": "cleanup",
    "description": "`true` reports what would be uploaded, pinned and unpinned, and changes nothing on any provider.",
    "default": "false",
    "required": false
  },
  {
    "name": "gateway",
    "section": "reporting",
    "description": "Gateway base URL for the links in outputs and the summary.",
    "default": "https://dweb.link",
    "required": false
  },
  {
    "name": "summary",
    "section": "reporting",
    "description": "`true` (default) writes a job summary.",
    "default": "true",
    "required": false
  },
  {
    "name": "github-token",
    "section": "reporting",
    "description": "Token for the GitHub feedback below.",
    "default": "${{ github.token }}",
    "required": false
  },
  {
    "name": "pr-comment",
    "section": "reporting",
    "description": "`true` keeps one sticky pull-request comment (per workflow) up to date with the CID, links and pin status. Needs `pull-requests: write`.",
    "default": "false",
    "required": false
  },
  {
    "name": "commit-status",
    "section": "reporting",
    "description": "`true` sets a commit status that links to the gateway URL. Needs `statuses: write`.",
    "default": "false",
    "required": false
  },
  {
    "name": "deployment",
    "section": "reporting",
    "description": "`true` creates a GitHub Deployment for `environment` with the site's URL on every deploy and\nrollback, and reads them back into the deployment history. Needs `deployments: write`.",
    "default": "false",
    "required": false
  },
  {
    "name": "check-gateways",
    "section": "names",
    "description": "Trustless gateways to fetch the content back from before success is reported and before\nany DNS record changes (one URL per line or comma-separated), e.g.\n`https://trustless-gateway.link`. Each one's CAR is verified block by block against the DAG\nbuilt here. Empty (default): no check. ipfs.io, dweb.link and trustless-gateway.link are one\nbackend: list one of them.",
    "default": "",
    "required": false
  },
  {
    "name": "check-timeout",
    "section": "names",
    "description": "How long the retrieval check waits for the content to reach every gateway (404, 502, 504\nand 429 are retried with backoff until then), as seconds or a duration.",
    "default": "10m",
    "required": false
  },
  {
    "name": "check-policy",
    "section": "names",
    "description": "What a failed retrieval check does. `fail` (default): the step fails and no DNS record is\nchanged. `warn`: a warning, and the run goes on.",
    "default": "fail",
    "required": false
  },
  {
    "name": "check-scope",
    "section": "names",
    "description": "What the retrieval check fetches. `all` (default): every block of the DAG. `root`: the root\nblock only, for very large artifacts. A path such as `/index.html`: the blocks on that\npath and the whole file or directory node it names.",
    "default": "all",
    "required": false
  },
  {
    "name": "dnslink",
    "section": "names",
    "description": "Domain names to point at the deployed CID with DNSLink (one per line or comma-separated):\nthe TXT record `_dnslink.<name>` becomes `dnslink=/ipfs/<cid>`, after the deploy (and the\nretrieval check, when on) succeeded. The placeholders of `name` work here: a preview name\nsuch as `pr-{pr}.preview.example.org` is set per pull request and its record deleted by\n`mode: cleanup`. Pull requests set only names with `{pr}`; other runs skip those (see\ndocs/events.md). Cleanup never unpins what these names point to. Needs `dns-provider`.",
    "default": "",
    "required": false
  },
  {
    "name": "dns-provider",
    "section": "names",
    "description": "The DNS service holding the `dnslink` names.\nAllowed: `cloudflare`, `dnsimple`, `route53`, `gandi`, `digitalocean`.",
    "default": "",
    "required": false
  },
  {
    "name": "dns-zone",
    "section": "names",
    "description": "The DNS zone of the `dnslink` names (`example.org`). Empty (default): the longest zone the\ncredentials can see that holds each name.",
    "default": "",
    "required": false
  },
  {
    "name": "cloudflare-token",
    "section": "names",
    "description": "Cloudflare API token with \"Zone: DNS Edit\" on the zone (and \"Zone: Zone Read\" to find the\nzone by name, unless `cloudflare-zone-id` is set).",
    "default": "",
    "required": false
  },
  {
    "name": "cloudflare-api-url",
    "section": "names",
    "description": "Cloudflare API base URL.",
    "default": "https://api.cloudflare.com/client/v4",
    "required": false
  },
  {
    "name": "cloudflare-zone-id",
    "section": "names",
    "description": "Cloudflare zone id (32 hexadecimal characters), to skip finding the zone by name.",
    "default": "",
    "required": false
  },
  {
    "name": "dnsimple-token",
    "section": "names",
    "description": "DNSimple API token (an account token is best) allowed to read and write the zone's records.",
    "default": "",
    "required": false
  },
  {
    "name": "dnsimple-api-url",
    "section": "names",
    "description": "DNSimple API base URL (`https://api.sandbox.dnsimple.com/v2` for the sandbox).",
    "default": "https://api.dnsimple.com/v2",
    "required": false
  },
  {
    "name": "dnsimple-account-id",
    "section": "names",
    "description": "DNSimple account id. Empty (default): the token's account (`/whoami`).",
    "default": "",
    "required": false
  },
  {
    "name": "dns-ttl",
    "section": "names",
    "description": "TTL of a DNSLink value the action creates, in seconds (how long resolvers may cache it).\nRaised to the provider's floor: Gandi's is 300, DigitalOcean's 30; an existing record, or a\nrecord set the value shares with other TXT values, keeps its TTL.",
    "default": "60",
    "required": false
  },
  {
    "name": "aws-access-key-id",
    "section": "names",
    "description": "AWS access key id for `dns-provider: route53`. Empty (default): the environment's\n`AWS_ACCESS_KEY_ID`, as `aws-actions/configure-aws-credentials` (OIDC role) sets it.",
    "default": "",
    "required": false
  },
  {
    "name": "aws-secret-access-key",
    "section": "names",
    "description": "AWS secret access key for `route53`, with `aws-access-key-id`. Empty (default): the\nenvironment's `AWS_SECRET_ACCESS_KEY`.",
    "default": "",
    "required": false
  },
  {
    "name": "aws-session-token",
    "section": "names",
    "description": "AWS session token of temporary credentials, for `route53`. Empty (default): the environment's\n`AWS_SESSION_TOKEN` when the keys come from the environment.",
    "default": "",
    "required": false
  },
  {
    "name": "route53-api-url",
    "section": "names",
    "description": "Route 53 API endpoint (`https://route53.amazonaws.com.cn` in China).",
    "default": "https://route53.amazonaws.com",
    "required": false
  },
  {
    "name": "route53-hosted-zone-id",
    "section": "names",
    "description": "Route 53 hosted zone id (`Z…`), to skip finding the public zone by name (and its IAM\npermission). Needed when two public zones have the same name.",
    "default": "",
    "required": false
  },
  {
    "name": "route53-wait",
    "section": "names",
    "description": "After setting a name: `insync` (default) waits until Route 53 says the change reached all\nits name servers (polled every 3 s); `none` does not wait. Removals never wait.",
    "default": "insync",
    "required": false
  },
  {
    "name": "route53-wait-timeout",
    "section": "names",
    "description": "Longest wait for `route53-wait: insync`, such as `2m`.",
    "default": "2m",
    "required": false
  },
  {
    "name": "gandi-token",
    "section": "names",
    "description": "Gandi Personal Access Token for LiveDNS, with \"Manage domain name technical configurations\"\nand \"See and renew domain names\" on the domain. Tokens expire: renew it in Gandi's admin.",
    "default": "",
    "required": false
  },
  {
    "name": "gandi-api-url",
    "section": "names",
    "description": "Gandi LiveDNS API base URL (`https://api.sandbox.gandi.net/v5/livedns` for the sandbox).",
    "default": "https://api.gandi.net/v5/livedns",
    "required": false
  },
  {
    "name": "digitalocean-token",
    "section": "names",
    "description": "DigitalOcean API token with the custom scopes `domain:read` and `domain:update`.",
    "default": "",
    "required": false
  },
  {
    "name": "digitalocean-api-url",
    "section": "names",
    "description": "DigitalOcean API base URL.",
    "default": "https://api.digitalocean.com/v2",
    "required": false
  },
  {
    "name": "ipns-key",
    "section": "ipns",
    "description": "The IPNS name's private key, as a secret: the base64 of what `ipfs key export` writes\n(`base64 -w0 name.key`), or a PEM `PRIVATE KEY` block (`ipfs key export\n--format=pem-pkcs8-cleartext`, `openssl genpkey -algorithm ED25519`). Set: every deploy signs\na record pointing the name at the new CID and publishes it (`ipns-publish`). The name\n(`k51…`) is derived from it and is an output; the key never is.",
    "default": "",
    "required": false
  },
  {
    "name": "ipns-publish",
    "section": "ipns",
    "description": "Where the signed record goes, one or several (comma-separated): `delegated-routing` (the\n`ipns-routers` endpoints, default), `kubo` (the node at `kubo-url`, with `routing/put`: the\nkey stays here). Each one is read back and must hold the new record.\nAllowed: `delegated-routing`, `kubo`.",
    "default": "delegated-routing",
    "required": false
  },
  {
    "name": "ipns-routers",
    "section": "ipns",
    "description": "Delegated Routing V1 endpoints for `ipns-publish: delegated-routing`, comma-separated.",
    "default": "https://delegated-ipfs.dev/routing/v1",
    "required": false
  },
  {
    "name": "ipns-validity",
    "section": "ipns",
    "description": "How long each record is valid, from 1h to 365d. Republish before it runs out (`mode:\nrepublish` on a schedule); DHT peers drop records after 48 hours whatever this says.",
    "default": "48h",
    "required": false
  },
  {
    "name": "ipns-ttl",
    "section": "ipns",
    "description": "How long resolvers and gateways may cache the record, from 0s to `ipns-validity`: how soon a\nnew deploy shows at the name.",
    "default": "5m",
    "required": false
  },
  {
    "name": "dnslink-target",
    "section": "ipns",
    "description": "What the `dnslink` records say: `ipfs` (`/ipfs/<cid>`, default, written on every deploy) or\n`ipns` (`/ipns/<name>` of `ipns-key`: written once, then each deploy only publishes IPNS).",
    "default": "ipfs",
    "required": false
  },
  {
    "name": "ens-name",
    "section": "ens",
    "description": "ENS names (one per line, at most 10) whose contenthash each deploy sets to `ipfs://<cid>`\n(`ipns://<name>` with `ipns-key`), after the verified deploy and the retrieval check.\nPull requests never change them. Empty (default): ENS off. See docs/names/ens.md.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-rpc-url",
    "section": "ens",
    "description": "A secret: the URL of an Ethereum JSON-RPC endpoint of the chain (with its key, if any).\nRequired with `ens-name`.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-chain",
    "section": "ens",
    "description": "`mainnet` (default), `sepolia` (experimental: a warning each run), or a chain id (a local\nnode or a fork; then `ens-registry` too).",
    "default": "mainnet",
    "required": false
  },
  {
    "name": "ens-registry",
    "section": "ens",
    "description": "The ENS registry's address, for a chain id other than 1 or 11155111.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-private-key",
    "section": "ens",
    "description": "A secret: the deployer key (the name's owner, or an address the owner approved on the\nresolver); with `ens-safe`, the key of one of the Safe's owners or of a delegate.\nRequired with `ens-name`.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-safe",
    "section": "ens",
    "description": "The Safe that owns the names (`0x…` or `eth:0x…`): each change is proposed to it through\nthe Safe Transaction Service instead of sent; its owners execute it.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-safe-api-key",
    "section": "ens",
    "description": "A secret: the Safe Transaction Service API key. Without one the service allows a few\nrequests a second (a warning says so).",
    "default": "",
    "required": false
  },
  {
    "name": "ens-safe-service-url",
    "section": "ens",
    "description": "The Safe Transaction Service for another chain, or a self-hosted one. Empty: Safe's own\nfor mainnet and Sepolia.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-safe-nonce",
    "section": "ens",
    "description": "Propose at this Safe nonce. Empty (default): one is chosen (docs/names/ens.md#safe-nonce).",
    "default": "",
    "required": false
  },
  {
    "name": "ens-confirmations",
    "section": "ens",
    "description": "Blocks to wait for after the transaction is mined, counting its own, from 1 to 64.",
    "default": "1",
    "required": false
  },
  {
    "name": "ens-max-fee-per-gas",
    "section": "ens",
    "description": "Never pay more than this per gas: `30` or `30 gwei`, or `… wei`. Empty (default): no cap.",
    "default": "",
    "required": false
  },
  {
    "name": "ens-wait-timeout",
    "section": "ens",
    "description": "How long to wait for the confirmations, from 10s to 1h.",
    "default": "5m",
    "required": false
  },
  {
    "name": "to",
    "section": "rollback",
    "description": "With `mode: rollback`, the deployment to go back to: empty (default) the one before the\ndeployment the names point to now, a number of deployments back (`1`…`100`), or a CID this\nscope deployed (`bafy…`, `Qm…`, `ipfs://…`). See docs/rollback.md.",
    "default": "",
    "required": false
  },
  {
    "name": "history",
    "section": "rollback",
    "description": "`true` (default) lists the scope's deployments (CID, time, commit, where pinned), newest\nfirst, in the summary of every run, and sets the `history` output.",
    "default": "true",
    "required": false
  }
] as const

export const ACTION_OUTPUTS = [
  {
    "name": "cid",
    "description": "Root CID of the published content (from `path`), or the first CID of `cid`; with `mode:\nrollback`, the deployment the names now point to."
  },
  {
    "name": "cid-v1",
    "description": "The same CID as CIDv1 in base32, the form subdomain gateways need."
  },
  {
    "name": "size",
    "description": "Total bytes of file content published."
  },
  {
    "name": "files",
    "description": "Number of files published."
  },
  {
    "name": "car-path",
    "description": "Absolute path of the CAR file that was written."
  },
  {
    "name": "car-size",
    "description": "Size of the CAR file in bytes."
  },
  {
    "name": "gateway-url",
    "description": "Gateway URL of the content, path style (`<gateway>/ipfs/<cid>`)."
  },
  {
    "name": "results",
    "description": "JSON array, one entry per provider, with its status, the CID it reported (`cid`, written as\n`expectedCid` is when it is the same CID in another base or version), the CID computed here\n(`expectedCid`), request or pin id, duration and error; then, with `check-gateways`, one\nentry per gateway (`gateway`, `status` `verified` or `failed`, `cid`, `scope`, `blocks`,\n`bytes`, `durationMs`, `error`)."
  },
  {
    "name": "unpinned",
    "description": "JSON array of the pins removed (or, with `dry-run`, that would be removed), each with provider, CID and id."
  },
  {
    "name": "dnslink",
    "description": "JSON array of the DNSLink changes: name, record, from, value, action (`created`,\n`updated`, `unchanged`, `deleted`, `absent`, `failed`; with `dry-run`, `dryRun: true`),\nduplicatesRemoved (other `dnslink=` records removed, when any), url, error."
  },
  {
    "name": "dnslink-url",
    "description": "A URL of the first `dnslink` name that works without any DNS record of your own: the\nDNSLink subdomain gateway form (`https://pr--12-preview-example-org.ipns.dweb.link`), or the\npath form when the name is too long for one label."
  },
  {
    "name": "ipns-name",
    "description": "The IPNS name of `ipns-key` (`k51…`), when it is set."
  },
  {
    "name": "ipns-url",
    "description": "The name on the `gateway`, subdomain form (`https://k51….ipns.dweb.link`)."
  },
  {
    "name": "ipns-path-url",
    "description": "The name on the `gateway`, path form (`https://dweb.link/ipns/k51…`)."
  },
  {
    "name": "ipns",
    "description": "JSON: the record published (`name`, `value`, `sequence`, `validity`, `ttlSeconds`) and each\ntarget's result (`target`, `status`: published, failed or dry-run; `sequence`; `error`)."
  },
  {
    "name": "ens-contenthash",
    "description": "The ENS contenthash written (hex); JSON by name when `ens-name` lists several."
  },
  {
    "name": "ens-tx-hash",
    "description": "The transaction that set the contenthash (deployer key); JSON by name for several names."
  },
  {
    "name": "ens-safe-tx-hash",
    "description": "The Safe proposal's safeTxHash (`ens-safe`); JSON by name for several names."
  },
  {
    "name": "ens-safe-url",
    "description": "The proposal in the Safe app (`ens-safe`); JSON by name for several names."
  },
  {
    "name": "ens-urls",
    "description": "The names' gateway URLs (`https://<name>.limo/` for `.eth` names), one per line."
  },
  {
    "name": "history",
    "description": "JSON: the scope's deployments, newest first (at most 20): `cid`, `time`, `sha`, `ref`,\n`pr`, `run`, `pinned`, `live`, `github`; `more`, `incomplete` (docs/rollback.md)."
  },
  {
    "name": "rollback-from",
    "description": "With `mode: rollback`, the CID the names pointed to before (empty when unknown)."
  }
] as const

export type SectionId = (typeof ACTION_SECTIONS)[number]['id']
export type InputName = (typeof ACTION_INPUTS)[number]['name']
export type OutputName = (typeof ACTION_OUTPUTS)[number]['name']
