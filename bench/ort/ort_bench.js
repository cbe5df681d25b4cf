#!/usr/bin/env node
// Times ONNX Runtime (onnxruntime-node, CPU execution provider) on one ONNX
// model, batch 1, fp32: graph optimisations on, sequential execution,
// intra-op threads as asked. Writes the outputs as raw f32, one after
// another in the model's order (so the caller can check them against
// torch), and prints one JSON line of latencies.
//   node ort_bench.js MODEL.onnx INPUT.f32 OUTPUT.f32 [--size 224] [--threads N]
//                     [--iters N] [--warmup N]
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const [model, inputPath, outputPath] = process.argv.slice(2, 5);
  const threads = option('--threads', 1), iters = option('--iters', 200),
        warmup = option('--warmup', 20);
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'], graphOptimizationLevel: 'all',
    executionMode: 'sequential', intraOpNumThreads: threads, interOpNumThreads: 1,
  });
  const bytes = fs.readFileSync(inputPath);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const shape = [1, 3, option('--size', 224), option('--size', 224)];
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };
  const first = await session.run(feeds);
  fs.writeFileSync(outputPath, Buffer.concat(session.outputNames.map((name) => {
    const out = first[name].data;
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  })));
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < iters; i++) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(JSON.stringify({ engine: 'ort', threads, median: q(0.5), p10: q(0.1),
                               p90: q(0.9), min: times[0], runs: iters }));
}
main().catch((e) => { console.error('ort_bench.js: error: ' + e.message); process.exit(1); });
