// `npm run places:import -- <file.csv|file.json> [--communes 59350,59512,59599] [--out flows/data/places-imported.json]`
//
// Imports a file of the national standard "Schéma de données des lieux de médiation numérique"
// (La MedNum / ANCT) into the data file the bot reads: checks every row (src/places/import.ts),
// prints what was imported, skipped (per reason, with the first line numbers) and kept with a note,
// and a count by commune, then writes the file — sorted by id, without the import time, and only
// when it changed, so importing the same file twice gives the same bytes. The new file replaces the
// previous import whole (one national file at a time); places written by hand in
// flows/data/places.yaml are not touched.
//
// `--communes`: INSEE codes (Lille 59350, Roubaix 59512, Tourcoing 59599) or postal codes (59100);
// `insee:` or `cp:` in front decides for a code that is both. Rows elsewhere are only counted.
//
// Exit code 1 when the input is unusable (no file, not CSV/JSON of the standard, nothing to import)
// or the data file cannot be written; 0 otherwise. Bad input never ends in a stack trace.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { communeIndex, parseCommuneFilter, type CommuneFilter } from '../places/communes.js';
import { filterCodes, importRecords, importedPlacesJson, summaryLines } from '../places/import.js';
import { IMPORTED_PLACES_FILE } from '../places/model.js';
import { readPlacesFile } from '../places/read.js';

const USAGE = `Usage: npm run places:import -- <file.csv|file.json> [--communes 59350,59512,59599] [--out flows/data/${IMPORTED_PLACES_FILE}] [--verbose]

  <file>       a file of the national standard of lieux de médiation numérique (CSV or JSON)
  --communes   keep only these communes: INSEE codes (59350 Lille, 59512 Roubaix, 59599 Tourcoing)
               or postal codes (59100); write insee:59100 or cp:59350 when a code is both
  --out        the data file to write (default: <FLOWS_DIR or flows>/data/${IMPORTED_PLACES_FILE})
  --verbose    list every skipped row and note, not only the first of each kind`;

function exit(message: string, withUsage = false): never {
  console.error(message);
  if (withUsage) console.error(`\n${USAGE}`);
  process.exit(1);
}

function readExisting(path: string): { text?: string; importedFrom?: string; count?: number } {
  try {
    const text = readFileSync(path, 'utf8');
    try {
      const json = JSON.parse(text) as { importedFrom?: unknown; places?: unknown };
      return {
        text,
        ...(typeof json.importedFrom === 'string' && { importedFrom: json.importedFrom }),
        ...(Array.isArray(json.places) && { count: json.places.length }),
      };
    } catch {
      return { text };
    }
  } catch {
    return {};
  }
}

function main(): void {
  let args: ReturnType<typeof parseArgs<{ options: { communes: { type: 'string'; multiple: true }; out: { type: 'string' }; verbose: { type: 'boolean' }; help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>>;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: { communes: { type: 'string', multiple: true }, out: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    exit(`places:import: ${(err as Error).message}`, true);
  }
  if (args.values.help) {
    console.log(USAGE);
    return;
  }
  const [input, ...more] = args.positionals;
  if (input === undefined) exit('places:import: which file? Give the national file of lieux de médiation numérique (CSV or JSON).', true);
  if (more.length > 0) exit(`places:import: one file at a time (got ${args.positionals.join(', ')})`, true);
  const out = args.values.out ?? join(process.env.FLOWS_DIR ?? 'flows', 'data', IMPORTED_PLACES_FILE);

  const index = communeIndex();
  let filter: CommuneFilter | undefined;
  if (args.values.communes !== undefined) {
    const parsed = parseCommuneFilter(index, args.values.communes.flatMap((c) => c.split(/[,\s]+/)));
    if (!parsed.ok) exit(`places:import: ${parsed.message}`, true);
    filter = parsed.filter;
  }

  const file = readPlacesFile(input);
  if (!file.ok) exit(`places:import: ${file.message}`);

  console.log(`Reading ${input}: ${file.format}, standard ${file.version}`);
  if (filter) for (const line of filter.described) console.log(`  --communes ${line}`);
  const report = importRecords(file, { index, ...(filter && { filter }) });
  for (const line of summaryLines(report, { verbose: args.values.verbose === true })) console.log(line);

  if (report.places.length === 0) {
    const why = report.rows === 0 ? 'the file has no rows' : filter && report.outside === report.rows ? 'no row is in the communes asked' : 'every row in scope was skipped';
    exit(`\nNothing to import (${why}): ${out} was not changed.`);
  }

  const communes = filterCodes(filter);
  const json = importedPlacesJson({
    standardVersion: file.version,
    importedFrom: basename(input),
    sha256: file.sha256,
    ...(communes !== undefined && { communes }),
    places: report.places,
  });
  const previous = readExisting(out);
  if (previous.text === json) {
    console.log(`\n${out} unchanged: ${report.places.length} place(s), the same as the last import.`);
    return;
  }
  // Written beside and renamed, so the bot never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(tmp, json);
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    exit(`places:import: cannot write ${out}: ${(err as Error).message}`);
  }
  const replaced =
    previous.text === undefined
      ? ''
      : ` It replaces the previous import${previous.importedFrom ? ` of ${previous.importedFrom}` : ''}${previous.count !== undefined ? ` (${previous.count} place(s))` : ''}.`;
  console.log(`\nWrote ${out}: ${report.places.length} place(s), sorted by id.${replaced}`);
  console.log('Run npm run flows:check, then restart the bot to use them.');
}

// `… | head` closing the pipe early is not an error of the import.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  main();
} catch (err) {
  // A bug, not bad input: say so briefly (the stack with --verbose).
  console.error(`places:import: unexpected error: ${(err as Error).message}`);
  if (process.argv.includes('--verbose')) console.error((err as Error).stack);
  process.exit(1);
}
