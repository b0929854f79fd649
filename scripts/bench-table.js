// Prints the figures of bench/results.json as the Markdown table README.md and docs/benchmark.md
// show: `node scripts/bench-table.js [--notes] [results.json]`.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const notes = args.includes('--notes');
const file = args.find((a) => !a.startsWith('--')) ?? new URL('../bench/results.json', import.meta.url);
const results = JSON.parse(readFileSync(file, 'utf8'));

const number = (x) => (typeof x === 'number' && Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x));
const cell = (text) => String(text).replace(/\|/g, '\\|');

const lines = [`| figure | measured (median, spread over runs) | target | |`, '| --- | --- | --- | --- |'];
for (const f of results.figures) {
  const spread = f.spread ? ` (${number(f.spread.min)}–${number(f.spread.max)})` : '';
  const measured = `**${number(f.value)}** ${f.unit}${spread}${notes && f.note ? `: ${f.note}` : ''}`;
  lines.push(`| ${cell(f.label)} | ${cell(measured)} | ${cell(f.target)} | ${f.met === null ? 'diagnostic' : f.met ? 'met' : 'missed'} |`);
}
console.log(`${lines.join('\n')}\n`);
console.log(`(${results.date.slice(0, 10)}, Node ${results.node}, ${results.cpus} cores${results.options.peers ? ', with --peers' : ''})`);
