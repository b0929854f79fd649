// The YAML parser of config and scenario files. Here it is imported at once; in the CLI bundle,
// scripts/bundle.js replaces this module with one that requires the library on the first parse, so
// a start that reads no YAML file does not evaluate it.
export { parse as parseYaml } from 'yaml';
