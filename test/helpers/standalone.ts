/**
 * The start of a Node script that cannot resolve aws-cdk-lib or constructs, then runs the
 * TypeScript sources: proves the pricing engine and its CLI stand alone.
 */
export const WITHOUT_CDK = `
  const Module = require('module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'aws-cdk-lib' || request.startsWith('aws-cdk-lib/') || request === 'constructs') throw new Error('blocked: ' + request);
    return resolve.call(this, request, ...rest);
  };
  require('ts-node').register({ transpileOnly: true });
`;
