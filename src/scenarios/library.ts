import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseScenario, ScenarioError, type ScenarioSpec } from './schema.js';

const extensions = ['.yaml', '.yml', '.json'];

export interface ScenarioFile {
  name: string;
  path: string;
  description?: string;
}

/** The named scenario files of one folder (scenarios/ by default). */
export class ScenarioLibrary {
  constructor(readonly dir: string) {}

  /** Every scenario file, by name (file name without extension). */
  list(): ScenarioFile[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => extensions.includes(extname(f).toLowerCase()))
      .sort()
      .map((f) => {
        const path = join(this.dir, f);
        let description: string | undefined;
        try {
          description = this.read(path).description;
        } catch {
          description = '(does not validate)';
        }
        return { name: basename(f, extname(f)), path, description };
      });
  }

  /** Finds `name` (with or without extension) in the folder, or takes it as a path. */
  resolve(name: string): string {
    if (/[/\\]/.test(name) && existsSync(name)) return name;
    for (const ext of ['', ...extensions]) {
      const candidate = join(this.dir, `${name}${ext}`);
      if (extensions.includes(extname(candidate).toLowerCase()) && existsSync(candidate)) return candidate;
    }
    const known = this.list().map((f) => f.name);
    throw new ScenarioError(`no scenario named '${name}' in ${this.dir} (available: ${known.join(', ') || 'none'})`);
  }

  /** Reads and validates one file; the scenario's name defaults to the file name. */
  read(path: string): ScenarioSpec & { name: string } {
    const label = relative(process.cwd(), path) || path;
    let raw: unknown;
    try {
      const text = readFileSync(path, 'utf8');
      raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      throw new ScenarioError(`${label}: cannot be read: ${(e as Error).message}`);
    }
    const spec = parseScenario(label, raw);
    return { ...spec, name: spec.name ?? basename(path, extname(path)) };
  }

  load(name: string): ScenarioSpec & { name: string; path: string } {
    const path = this.resolve(name);
    return { ...this.read(path), path };
  }
}
