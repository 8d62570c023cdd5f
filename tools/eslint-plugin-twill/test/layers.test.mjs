// Tests for the twill ESLint plugin. Plain JS run directly by mocha (tools/ is not compiled by tsc):
//   mocha --config .mocharc.json 'tools/**/*.test.mjs'
import path from 'node:path';
import { expect } from 'chai';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../index.js';
import { REPO_ROOT } from '../paths.js';

// Absolute filenames, so the tests do not depend on mocha's working directory.
const at = (rel) => path.join(REPO_ROOT, rel);

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

ruleTester.run('twill/layers', plugin.rules.layers, {
  valid: [
    {
      name: 'bgp/session -> native',
      filename: at('bgp/session/socket.ts'),
      code: "import { x } from '../../native/tcp.js';",
    },
    {
      name: 'daemon -> bgp',
      filename: at('daemon/main.ts'),
      code: "import { Speaker } from '../bgp/speaker.js';",
    },
    {
      name: 'ipam -> datastore',
      filename: at('ipam/allocator.ts'),
      code: "import { Store } from '../datastore/store.js';",
    },
    {
      name: 'bgp -> common',
      filename: at('bgp/wire/open.ts'),
      code: "import { log } from '../../common/log.js';",
    },
    {
      name: 'inside own folder',
      filename: at('bgp/wire/open.ts'),
      code: "import { Fsm } from '../fsm/fsm.js';",
    },
    {
      name: 'test file in bgp -> lab',
      filename: at('bgp/speaker.lab.test.ts'),
      code: "import { Lab } from '../lab/lab.js';",
    },
    {
      name: 'test helper in a testing/ folder -> lab',
      filename: at('routing/dataplane/testing/traffic.ts'),
      code: "import { waitFor } from '../../../lab/wait.js';",
    },
    {
      name: 'packages and builtins are not ours',
      filename: at('common/util.ts'),
      code: "import YAML from 'yaml'; import { EventEmitter } from 'node:events';",
    },
    {
      name: 'computed dynamic import is skipped',
      filename: at('bgp/x.ts'),
      code: 'const m = await import(name);',
    },
  ],
  invalid: [
    {
      name: 'bgp -> routing',
      filename: at('bgp/speaker.ts'),
      code: "import { Route } from '../routing/route.js';",
      errors: [
        {
          messageId: 'forbidden',
          data: { from: 'bgp/', to: 'routing/', allowed: 'common/; native/ only from bgp/session/' },
        },
      ],
    },
    {
      name: 'bgp/wire -> native (only bgp/session may)',
      filename: at('bgp/wire/open.ts'),
      code: "import { x } from '../../native/tcp.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'common -> bgp (leaf)',
      filename: at('common/util.ts'),
      code: "import { Speaker } from '../bgp/speaker.js';",
      errors: [{ messageId: 'forbidden', data: { from: 'common/', to: 'bgp/', allowed: 'nothing of ours' } }],
    },
    {
      name: 'ipam -> bgp',
      filename: at('ipam/allocator.ts'),
      code: "import { Speaker } from '../bgp/speaker.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'production code in routing -> lab',
      filename: at('routing/dataplane/encap-dataplane.ts'),
      code: "import { waitFor } from '../../lab/wait.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'lab -> daemon',
      filename: at('lab/cli.ts'),
      code: "import { main } from '../daemon/main.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'type-only import is still a dependency',
      filename: at('datastore/store.ts'),
      code: "import type { Pool } from '../ipam/pool.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'dynamic import',
      filename: at('bgp/speaker.ts'),
      code: "const m = await import('../routing/x.js');",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'export * from',
      filename: at('bgp/index.ts'),
      code: "export * from '../routing/x.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'export { } from',
      filename: at('bgp/index.ts'),
      code: "export { x } from '../routing/x.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'test files follow the folder rules too',
      filename: at('bgp/speaker.test.ts'),
      code: "import { main } from '../daemon/main.js';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      name: 'folder missing from the layer table',
      filename: at('bgp/speaker.ts'),
      code: "import { x } from '../tools/x.js';",
      errors: [
        {
          messageId: 'forbidden',
          data: { from: 'bgp/', to: 'tools/', allowed: 'common/; native/ only from bgp/session/' },
        },
      ],
    },
    {
      name: 'importer missing from the layer table',
      filename: at('scripts/gen.ts'),
      code: "import { Speaker } from '../bgp/speaker.js';",
      errors: [{ messageId: 'unknownLayer', data: { from: 'scripts/', to: 'bgp/' } }],
    },
    {
      name: 'relative import escaping the repo root',
      filename: at('bgp/speaker.ts'),
      code: "import { x } from '../../elsewhere/x.js';",
      errors: [{ messageId: 'escapesRoot', data: { spec: '../../elsewhere/x.js' } }],
    },
  ],
});

ruleTester.run('twill/pure-layer-io', plugin.rules['pure-layer-io'], {
  valid: [
    {
      name: 'bgp/session may do I/O',
      filename: at('bgp/session/socket.ts'),
      code: "import net from 'node:net';",
    },
    { name: 'common/log*.ts may do I/O', filename: at('common/log.ts'), code: "import fs from 'node:fs';" },
    {
      name: 'tests in pure layers may do I/O',
      filename: at('bgp/wire/open.test.ts'),
      code: "import fs from 'node:fs/promises';",
    },
    {
      name: 'non-I/O builtins are fine',
      filename: at('bgp/wire/open.ts'),
      code: "import { Buffer } from 'node:buffer';",
    },
  ],
  invalid: [
    {
      name: 'pure layer importing node:net',
      filename: at('bgp/wire/open.ts'),
      code: "import net from 'node:net';",
      errors: [{ messageId: 'io', data: { layer: 'bgp/wire/', spec: 'node:net' } }],
    },
    {
      name: 'without the node: prefix, dynamic',
      filename: at('bgp/fsm/fsm.ts'),
      code: "const fs = await import('fs');",
      errors: [{ messageId: 'io' }],
    },
    {
      name: 'subpath of an I/O module',
      filename: at('common/resolve.ts'),
      code: "import { lookup } from 'node:dns/promises';",
      errors: [{ messageId: 'io' }],
    },
  ],
});

// End to end: the repo's real eslint.config.js wires the rule, so a forbidden import fails `npm run lint`.
describe('eslint.config.js', () => {
  it('reports a forbidden import with twill/layers', async () => {
    const eslint = new ESLint({
      cwd: REPO_ROOT,
      overrideConfigFile: path.join(REPO_ROOT, 'eslint.config.js'),
    });
    const [result] = await eslint.lintText(
      "import { x } from '../../routing/netlink/socket.js';\nexport { x };\n",
      {
        filePath: 'bgp/wire/forbidden-fixture.ts',
      },
    );
    const layerErrors = result.messages.filter((m) => m.ruleId === 'twill/layers');
    expect(layerErrors, JSON.stringify(result.messages)).to.have.length(1);
    expect(layerErrors[0].severity).to.equal(2);
    expect(layerErrors[0].message).to.equal(
      'bgp/ may not import routing/ (bgp/ may import: common/; native/ only from bgp/session/)',
    );
  });
});
