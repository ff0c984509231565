/**
 * The Melodi simulator's cold reads: for each dataset, its first `DEP-44*COM`, `FRANCE-F` and
 * `REG` reads (`FRANCE-F` and `DEP` for the price index), each printed as the longest stretch
 * the event loop was held (the lag the server sees, since the sandbox shares its process) and
 * the read's wall time. In process (Fastify's inject), no socket. Ends with a hash of every
 * answer of a wider set of reads, to check that a change of the simulator keeps its figures.
 *
 *   npx tsx bench/melodi-cold.ts
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { registerMelodi } from '../sandbox/melodi/app.js';
import { DATASETS } from '../sandbox/melodi/datasets.js';

async function main(): Promise<void> {
  const app = Fastify();
  registerMelodi(app, { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 });
  await app.ready();
  await app.inject({ url: '/melodi/rmes/listeCode/CL_AGE' }); // loads the embedded geography
  const answers = createHash('sha256');

  async function read(url: string): Promise<string> {
    let longest = 0;
    let last = performance.now();
    let running = true;
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const start = performance.now();
    const response = await app.inject({ url });
    const wall = performance.now() - start;
    running = false;
    longest = Math.max(longest, performance.now() - last);
    answers.update(`${url} ${response.statusCode} ${response.body}`);
    return `${longest.toFixed(0).padStart(5)} /${wall.toFixed(0).padStart(5)}`;
  }

  console.log('first reads: longest event-loop hold / wall time (ms)');
  for (const d of DATASETS) {
    const geos = d.levels.includes('COM') ? ['DEP-44*COM', 'FRANCE-F', 'REG'] : ['FRANCE-F', 'DEP'];
    const cells: string[] = [];
    for (const geo of geos) cells.push(`${geo} ${await read(`/melodi/data/${d.id}?GEO=${geo}&maxResult=100000`)}`);
    console.log(d.id.padEnd(30), cells.join('   '));
  }
  const levels = ['COM', 'ARM', 'ARR', 'EPCI', 'DEP', 'ZE2020', 'UU2020', 'AAV2020', 'FRANCE', 'EPCI-244400404*COM', 'DEP-75*ARM'];
  for (const d of DATASETS) for (const geo of levels) await read(`/melodi/data/${d.id}?GEO=${geo}&maxResult=100000&totalCount=true`);
  for (const d of DATASETS) await read(`/melodi/catalog/${d.id}`);
  console.log('answers', answers.digest('hex'));
  await app.close();
}

await main();
