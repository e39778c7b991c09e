import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WITHOUT_CDK } from '../helpers/standalone';

/** The pricing engine stands alone: usable without aws-cdk-lib or constructs. */
describe('the pricing engine', () => {
  const root = path.join(__dirname, '..', '..', 'src', 'pricing');
  const files = fs.readdirSync(root, { recursive: true }).map(String).filter(f => f.endsWith('.ts'));

  test.each(files)('%s imports nothing from aws-cdk-lib or constructs', file => {
    const text = fs.readFileSync(path.join(root, file), 'utf-8');
    const imports = [...text.matchAll(/from\s+'([^']+)'|require\('([^']+)'\)/g)].map(m => m[1] ?? m[2]);
    expect(imports.filter(i => i.startsWith('aws-cdk-lib') || i === 'constructs' || i.startsWith('../profiles/') && !i.endsWith('.json'))).toEqual([]);
  });

  test('and loads in a process where aws-cdk-lib cannot be resolved', () => {
    const script = `
      ${WITHOUT_CDK}
      const { CostForecast } = require('./src/pricing/cost-forecast');
      const f = CostForecast.forInference({ model: 'amazon.nova-pro-v1:0', region: 'us-east-1', daysPerMonth: 30, requestsPerMonth: 1000,
        inputTokensPerRequest: 1000, outputTokensPerRequest: 0, asOf: '2025-03-01' });
      process.stdout.write(f.expectedMonthlyUsd);`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('0.8');
  });
});
