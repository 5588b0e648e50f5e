/** Types of scripts/markdown-svg.mjs, for the TypeScript that imports it. */
export function markdownSvg(
  markdown: string,
  opts: { title: string; caption?: string; width?: number },
): string
