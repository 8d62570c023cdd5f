// twillctl's one argv parser (argv.ts) with the flag tables of every group (ctl-flags.ts).
import { expect } from 'chai';

import { commandGroup, flagRecord, outputFormat, parseArgv } from './argv.js';
import {
  ALL_FLAGS,
  BGP_FLAGS,
  DATASTORE_GROUP_FLAGS,
  DIAGS_FLAGS,
  EXPLAIN_FLAGS,
  NODE_FLAGS,
} from './ctl-flags.js';

describe('twillctl argv parser', () => {
  it('parses flags with aliases, booleans and repeated -f; refuses unknown flags', () => {
    const args = parseArgv(
      ['get', 'ipp', '-A', '-o=wide', '-f', 'a', '--filename', 'b', '--etcd-endpoints', 'http://x'],
      DATASTORE_GROUP_FLAGS,
      'get',
    );
    expect(args.positional).to.deep.equal(['get', 'ipp']);
    expect(args.booleans.has('all-namespaces')).to.equal(true);
    expect(args.values.get('output')).to.deep.equal(['wide']);
    expect(args.values.get('filename')).to.deep.equal(['a', 'b']);
    expect(flagRecord(args)).to.deep.equal({ output: 'wide', filename: 'a', 'etcd-endpoints': 'http://x' });
    const get = (argv: string[]) => () => parseArgv(argv, DATASTORE_GROUP_FLAGS, 'get');
    expect(get(['get', '--outptu', 'x'])).to.throw(
      'unknown flag --outptu for twillctl get (known: --output|-o,',
    );
    expect(get(['get', '-o', 'x', '-o', 'y'])).to.throw('--output given twice');
    expect(get(['get', '--force=yes'])).to.throw('--force=yes: force takes no value');
    expect(get(['get', '-n'])).to.throw('-n needs a value');
    expect(
      parseArgv(['apply', '-f', '-'], DATASTORE_GROUP_FLAGS, 'apply').values.get('filename'),
    ).to.deep.equal(['-']);
    // "--" ends the flags: what follows is positional even when it looks like one.
    expect(parseArgv(['get', '--', '-x'], DATASTORE_GROUP_FLAGS, 'get').positional).to.deep.equal([
      'get',
      '-x',
    ]);
  });

  it('gives every group the same shape and names the command in an unknown-flag error', () => {
    const bgp = parseArgv(
      ['--socket=/s', 'bgp', 'routes', '--peer', '10.0.0.1', '--afi=ipv6', '-o', 'json'],
      BGP_FLAGS,
      'bgp',
    );
    expect(bgp.positional).to.deep.equal(['bgp', 'routes']);
    expect(flagRecord(bgp)).to.deep.equal({ socket: '/s', peer: '10.0.0.1', afi: 'ipv6', output: 'json' });
    expect(() => parseArgv(['bgp', 'peers', '--all'], BGP_FLAGS, 'bgp')).to.throw(
      'unknown flag --all for twillctl bgp (known: --output|-o, --socket, --peer, --afi, --message)',
    );
    const node = parseArgv(['node', 'status', '--all', '--stale-after', '30'], NODE_FLAGS, 'node status');
    expect(node.booleans.has('all')).to.equal(true);
    expect(flagRecord(node)).to.deep.equal({ 'stale-after': '30' });
    expect(() => parseArgv(['node', 'status', '--socket', 's'], NODE_FLAGS, 'node status')).to.throw(
      'unknown flag --socket for twillctl node status',
    );
    const explain = parseArgv(
      ['route', '10.0.0.0/24', '--output=yaml', '--netns', 'n1'],
      EXPLAIN_FLAGS,
      'explain',
    );
    expect(flagRecord(explain)).to.deep.equal({ output: 'yaml', netns: 'n1' });
    expect(() => parseArgv(['-o', 'json'], DIAGS_FLAGS, 'diags')).to.throw(
      'unknown flag -o for twillctl diags',
    );
  });

  it('checks -o against the formats a command has, defaulting to the first', () => {
    const formats = ['table', 'json', 'yaml'] as const;
    expect(outputFormat(parseArgv([], BGP_FLAGS, 'bgp'), formats)).to.equal('table');
    expect(outputFormat(parseArgv(['-o', 'yaml'], BGP_FLAGS, 'bgp'), formats)).to.equal('yaml');
    expect(() => outputFormat(parseArgv(['--output', 'wide'], BGP_FLAGS, 'bgp'), formats)).to.throw(
      '-o must be one of table, json, yaml, got "wide"',
    );
  });

  it('finds the command group past flags and their values', () => {
    expect(commandGroup(['--etcd-endpoints', 'http://x', 'get', 'ipp'], ALL_FLAGS)).to.equal('get');
    expect(commandGroup(['get', '--outptu', 'x'], ALL_FLAGS)).to.equal('get');
    expect(commandGroup(['--socket', '/s', 'bgp', 'routes', '--peer', 'p'], ALL_FLAGS)).to.equal('bgp');
    expect(commandGroup(['--output=json', 'bgp', 'peers'], ALL_FLAGS)).to.equal('bgp');
    expect(commandGroup(['--netns', 'n1', 'explain', 'route', '10.0.0.1'], ALL_FLAGS)).to.equal('explain');
    expect(commandGroup(['-A', 'get', 'wep'], ALL_FLAGS)).to.equal('get');
    expect(commandGroup(['-o', 'json'], ALL_FLAGS)).to.equal(undefined);
  });
});
