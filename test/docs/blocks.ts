import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A fenced shell block of the docs, with what the HTML comments just before its fence say about it. */
export interface ShellBlock {
  /** `README.md` or `docs/<page>.md`, and the line of the opening fence. */
  where: string;
  lang: 'sh' | 'bash' | 'console';
  code: string;
  /** `<!-- not run: REASON -->`: the block is only checked for bash syntax, and the reason is shown. */
  notRun?: string;
  /** `<!-- mockca: FLAGS -->`: the command-line flags of the mockca the block runs against. */
  mockcaFlags: string[];
}

const shellLangs = new Set(['sh', 'bash', 'console']);

/** README.md and every docs/*.md page, in a stable order. */
export function docFiles(repoRoot: string): string[] {
  const pages = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

/** Every ```sh / ```bash / ```console block of one markdown file. */
export function shellBlocks(repoRoot: string, file: string): ShellBlock[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A fence may be indented (a block inside a list item) and made of backticks or tildes.
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !(lines[end].trimStart().startsWith(fence) && lines[end].trim().replaceAll(fence[0], '') === '')) end++;
    i = end;
    if (!shellLangs.has(lang)) continue;
    const code = lines
      .slice(start + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    const block: ShellBlock = { where: `${file}:${start + 1}`, lang: lang as ShellBlock['lang'], code, mockcaFlags: [] };
    // The HTML comments directly above the fence (no blank line between) describe the block.
    for (let j = start - 1; j >= 0 && /^\s*<!--.*-->\s*$/.test(lines[j]); j--) {
      const note = /^\s*<!--\s*(not run|mockca):\s*(.*?)\s*-->/.exec(lines[j]);
      if (note?.[1] === 'not run') block.notRun = note[2];
      if (note?.[1] === 'mockca') block.mockcaFlags = note[2].split(/\s+/).filter(Boolean);
    }
    blocks.push(block);
  }
  return blocks;
}

/** What a block prints where its comments say so: `# -> text`, `…` standing for anything. */
export interface Expectation {
  /** The printed answer, as written (continuation lines joined). */
  text: string;
}

/**
 * A block as bash runs it: each `# -> …` comment (an expected answer of the command above it, with
 * `#     …` continuation lines) becomes a marker line printed to stdout, so the output between two
 * markers is what the commands between them printed. A `console` block is `$ command` lines, each
 * followed by the output it prints.
 */
export function runnableScript(block: ShellBlock): { script: string; expectations: Expectation[] } {
  const source = block.lang === 'console' ? consoleToScript(block.code) : block.code;
  const lines = source.split('\n');
  const out: string[] = [];
  const expectations: Expectation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const arrow = /^\s*# -> ?(.*)$/.exec(lines[i]);
    if (!arrow) {
      out.push(lines[i]);
      continue;
    }
    let text = arrow[1];
    while (i + 1 < lines.length && /^\s*#\s{3,}\S/.test(lines[i + 1])) text += lines[++i].replace(/^\s*#\s+/, '');
    out.push(`printf '\\n%s\\n' '${marker(expectations.length)}'`);
    expectations.push({ text: text.trim() });
  }
  return { script: out.join('\n') + '\n', expectations };
}

export function marker(n: number): string {
  return `@@mockca-docs-expected-${n}@@`;
}

function consoleToScript(code: string): string {
  const out: string[] = [];
  let continued = false;
  for (const line of code.split('\n')) {
    if (line.startsWith('$ ') || continued) out.push(line.startsWith('$ ') ? line.slice(2) : line);
    else if (line.trim() !== '') out.push(`# -> ${line}`);
    // A command line ending in a backslash goes on on the next line.
    continued = (line.startsWith('$ ') || continued) && line.endsWith('\\');
  }
  return out.join('\n');
}

/**
 * Whether printed output shows an expected answer: every piece between `…` appears in it, in order
 * (so `{"id":"…","status":"pending"}` holds for any id).
 */
export function shows(output: string, expected: string): boolean {
  let from = 0;
  for (const piece of expected.split('…').map((p) => p.trim())) {
    if (piece === '') continue;
    const at = output.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** The documented ports (control, Regfish, DigiCert, Sectigo) replaced by the ones really bound. */
export function withPorts(code: string, ports: Record<'8440' | '8441' | '8442' | '8443', string>): string {
  return code.replace(/\b(127\.0\.0\.1|localhost):(844[0-3])\b/g, (_, host: string, port: keyof typeof ports) => `${host}:${ports[port]}`);
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ *(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) fence = fence === undefined ? marker : undefined;
    const heading = fence === undefined ? /^#{1,6} +(.*?) *#* *$/.exec(line)?.[1] : undefined;
    if (heading === undefined) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}
