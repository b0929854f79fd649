import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseYaml } from '../lib/yaml.js';
import { maxScenarioDepth, parseScenario, ScenarioError, type ScenarioSpec } from './schema.js';

const extensions = ['.yaml', '.yml', '.json'];
/** What a scenario file name may be (the same words as a scenario's `name`). */
const fileName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Scenario files are a few kilobytes; anything far larger is not one (and must not be read whole). */
export const maxScenarioFileBytes = 256 * 1024;
/** YAML aliases a file may expand: enough for sharing a rule, too few for a "billion laughs". */
const maxAliasCount = 50;

export interface ScenarioFile {
  name: string;
  /** What answers show: `scenarios/regfish-500-once.yaml` (never the absolute path of the install). */
  file: string;
  path: string;
  description?: string;
}

/** A name that is not a file of the scenario folder; the message lists the names that are. */
export class UnknownScenario extends ScenarioError {}

/** One line of printable ASCII, clipped: safe in a JSON message, a Sectigo text line and an HTTP header. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/**
 * The named scenario files of one folder (scenarios/ by default). Requests name a file only by its
 * name: nothing outside the folder is ever opened, and nothing but regular files is read.
 */
export class ScenarioLibrary {
  constructor(readonly dir: string) {}

  /** Every scenario file of the folder, by name (file name without extension); reads nothing but the folder. */
  files(): Omit<ScenarioFile, 'description'>[] {
    let entries;
    try {
      entries = readdirSync(this.dir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && extensions.includes(extname(e.name).toLowerCase()) && fileName.test(e.name))
      .map((e) => e.name)
      .sort()
      .map((f) => ({ name: basename(f, extname(f)), file: `${basename(this.dir)}/${f}`, path: join(this.dir, f) }));
  }

  /** Every scenario file with its description (reads each one). */
  list(): ScenarioFile[] {
    return this.files().map((f) => {
      let description: string | undefined;
      try {
        description = this.read(f.path, f.file).description;
      } catch {
        description = '(does not validate)';
      }
      return { ...f, description };
    });
  }

  /** The file called `name` (with or without its extension), or undefined. */
  find(name: string, files = this.files()): Omit<ScenarioFile, 'description'> | undefined {
    return files.find((f) => f.name === name) ?? files.find((f) => basename(f.path) === name);
  }

  /** Finds `name` in the folder, or throws UnknownScenario listing the names there are. */
  resolve(name: string): Omit<ScenarioFile, 'description'> {
    const found = this.find(name);
    if (found) return found;
    throw new UnknownScenario(this.unknown(name));
  }

  /** "unknown scenario 'x' (available: a, b)": the requested name clipped, no folder path. */
  unknown(name: string, files = this.files()): string {
    const known = files.map((f) => f.name);
    return `unknown scenario '${oneLine(name, 80)}' (available: ${known.join(', ') || 'none'})`;
  }

  /** Reads and validates one file; the scenario's name defaults to the file name. */
  read(path: string, label: string): ScenarioSpec & { name: string } {
    const text = readBounded(path, label);
    let raw: unknown;
    try {
      raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount, prettyErrors: false });
    } catch (e) {
      // Parser messages can be multi-line (code frames); the first line says what is wrong.
      const first = (e as Error).message.split('\n')[0];
      // JSON.parse quotes the start of the text ("root:x:0:0"...): say what, not what the file holds.
      const why = /call stack/i.test(first) ? `nested deeper than ${maxScenarioDepth} levels` : oneLine(first.replace(/, ".*"(\.\.\.)? is not valid JSON$/, ' (not valid JSON)'));
      throw new ScenarioError(`${label}: cannot be read: ${why}`);
    }
    const spec = parseScenario(label, raw);
    return { ...spec, name: spec.name ?? basename(path, extname(path)) };
  }

  /** Loads the file called `name` from the folder (what requests may do). */
  load(name: string): ScenarioSpec & { name: string; file: string; path: string } {
    const { file, path } = this.resolve(name);
    return { ...this.read(path, file), file, path };
  }

  /** Loads a file by path: only for what the operator gives (`mockca --scenario ./mine.yaml`), never for a request. */
  loadPath(path: string): ScenarioSpec & { name: string; file: string; path: string } {
    const file = relative(process.cwd(), path) || path;
    return { ...this.read(path, file), file, path };
  }
}

/** The file's text, if it is a regular file of at most maxScenarioFileBytes (no device, FIFO or folder). */
function readBounded(path: string, label: string): string {
  const refuse = (why: string): never => {
    throw new ScenarioError(`${label}: cannot be read: ${why}`);
  };
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    return refuse((e as NodeJS.ErrnoException).code ?? 'not found');
  }
  if (!stat.isFile()) refuse('not a regular file');
  if (stat.size > maxScenarioFileBytes) refuse(`larger than ${maxScenarioFileBytes} bytes`);
  // O_NONBLOCK: should the file have been swapped for a FIFO since the stat, open does not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) refuse('not a regular file');
    const buf = Buffer.alloc(maxScenarioFileBytes + 1);
    let length = 0;
    for (let n; length < buf.length && (n = readSync(fd, buf, length, buf.length - length, null)) > 0; ) length += n;
    if (length > maxScenarioFileBytes) refuse(`larger than ${maxScenarioFileBytes} bytes`);
    return buf.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
