#!/usr/bin/env node
import { run } from './main';

void Promise.resolve(run(process.argv.slice(2))).then(code => {
  process.exitCode = code;
});
