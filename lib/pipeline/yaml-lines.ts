/**
 * Finds the line of a field in YAML text, for errors shown "at their line". js-yaml has no AST
 * with positions, so this follows block-style keys by indentation (what the export writes); a
 * key inside a flow mapping resolves to its nearest block ancestor's line.
 */

const keyPattern = (key: string) =>
  new RegExp(`^(\\s*)(?:- )?(?:${escape(key)}|"${escape(key)}"|'${escape(key)}')\\s*:(\\s|$)`);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** 1-based line of the deepest key of `path` found, or undefined when even the first is absent. */
export function lineOfPath(text: string, path: readonly (string | number)[]): number | undefined {
  const lines = text.split(/\r?\n/);
  let from = 0;
  let parentIndent = -1;
  let end = lines.length;
  let found: number | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') {
      let count = -1;
      let hit: number | undefined;
      for (let i = from; i < end; i++) {
        const l = lines[i] ?? '';
        if (/^\s*- /.test(l) && indentOf(l) > parentIndent - 2 && ++count === seg) {
          hit = i;
          break;
        }
      }
      if (hit === undefined) return found;
      found = hit + 1;
      from = hit + 1;
      continue;
    }
    const re = keyPattern(seg);
    let hit: number | undefined;
    for (let i = from; i < end; i++) {
      const l = lines[i] ?? '';
      if (l.trim() && !l.trimStart().startsWith('#') && indentOf(l) <= parentIndent) break;
      if (re.test(l)) {
        hit = i;
        break;
      }
    }
    if (hit === undefined) return found;
    found = hit + 1;
    parentIndent = indentOf(lines[hit] ?? '');
    from = hit + 1;
    end = lines.length;
  }
  return found;
}

/**
 * The 1-based line of a js-yaml error mark, kept within the document: js-yaml marks errors found
 * at the end of the input (an unclosed `[`, a missing quote) on the line after the last one, so
 * such an error is reported at the last line that has content.
 */
export function yamlErrorLine(
  text: string,
  mark: { line: number } | undefined,
): number | undefined {
  if (!mark) return undefined;
  const lines = text.split(/\r?\n/);
  let last = lines.length;
  while (last > 1 && !(lines[last - 1] ?? '').trim()) last--;
  return Math.max(1, Math.min(mark.line + 1, last));
}
