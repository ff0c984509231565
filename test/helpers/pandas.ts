import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON } from './system.js';

/**
 * Reads an export as a BI pipeline does: with pandas, from Debian's python3-pandas (see
 * test/helpers/system.ts: tests that read with it are run through itNeeding(pandas, …)). The file
 * goes through disk as the bytes the server sent, BOM included. Run asynchronously: the server
 * under test shares this process, and a blocked event loop would make it shed load.
 */
const run = promisify(execFile);

const SCRIPT = `
import json, sys
import pandas as pd
path, kind, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if kind == 'csv':
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, **options)
else:
    # Nested objects become dotted columns, as a pipeline reading JSON lines flattens them.
    with open(path, encoding='utf-8') as lines:
        frame = pd.json_normalize([json.loads(line) for line in lines if line.strip()])
print(json.dumps({'columns': list(frame.columns), 'rows': frame.astype(str).to_dict(orient='records')}))
`;

export interface Frame {
  columns: string[];
  rows: Record<string, string>[];
}

export async function readWithPandas(
  bytes: Uint8Array,
  kind: 'csv' | 'ndjson',
  options: { sep?: string; decimal?: string } = {},
): Promise<Frame> {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const path = join(dir, `export.${kind}`);
  writeFileSync(path, bytes);
  const { stdout } = await run(PYTHON, ['-c', SCRIPT, path, kind, JSON.stringify(options)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as Frame;
}

/** Reads floats of the given columns as pandas parses numbers with the given decimal mark. */
export async function floatsWithPandas(
  bytes: Uint8Array,
  columns: string[],
  options: { sep: string; decimal: string },
): Promise<Record<string, number[]> & { _dtypes: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const path = join(dir, 'export.csv');
  writeFileSync(path, bytes);
  const script = `
import json, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], sep=sys.argv[2], decimal=sys.argv[3])
print(json.dumps({c: [float(v) for v in frame[c].dropna().tolist()] for c in json.loads(sys.argv[4])} | {'_dtypes': {c: str(frame[c].dtype) for c in json.loads(sys.argv[4])}}))
`;
  const { stdout } = await run(PYTHON, ['-c', script, path, options.sep, options.decimal, JSON.stringify(columns)], { encoding: 'utf8' });
  return JSON.parse(stdout);
}

/**
 * A spreadsheet as pandas reads it (read_excel, through openpyxl), each cell as the file typed it:
 * `dtype=object` keeps them so (without it, pandas turns text cells that look like numbers, codes
 * and SIRETs included, into numbers, whatever the file says).
 */
export interface Sheet {
  columns: string[];
  rows: Record<string, string | number | boolean | null>[];
}

export async function readExcelWithPandas(bytes: Uint8Array): Promise<Sheet> {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const path = join(dir, 'export.xlsx');
  writeFileSync(path, bytes);
  const script = `
import json, sys
import pandas as pd
frame = pd.read_excel(sys.argv[1], dtype=object)
rows = json.loads(frame.to_json(orient='records'))
print(json.dumps({'columns': list(frame.columns), 'rows': rows}))
`;
  const { stdout } = await run(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as Sheet;
}
