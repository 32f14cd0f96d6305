import { publicAddressesOf, publicOnlyLookup, RefusedTargetError, isPublicAddress, urlProblem } from './webhook-targets';

describe('webhook targets', () => {
  it.each([
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['198.51.100.7', false],
    ['2606:4700:4700::1111', true],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456::1', false],
    ['fc00::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:a9fe:a9fe', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a00:1', false],
    ['2002:7f00:1::', false],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['https://hooks.example.org/pulse', false, null],
    ['http://hooks.example.org/pulse', false, 'must be an https:// URL'],
    ['http://127.0.0.1:8080/hook', true, null],
    ['ftp://hooks.example.org/', true, 'must be an https:// URL'],
    ['https://user:pass@hooks.example.org/', false, 'must not carry credentials; the signature authenticates the sender'],
    ['https://10.0.0.8/hook', false, 'must not point at a private, loopback or link-local address (10.0.0.8)'],
    ['https://[::1]/hook', false, 'must not point at a private, loopback or link-local address (::1)'],
    ['https://[::1]/hook', true, null],
  ])('%s (private allowed: %s): %s', (url, allowPrivate, problem) => {
    expect(urlProblem(new URL(url), allowPrivate)).toBe(problem);
  });

  const answers = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a host when any of its addresses is private, IPv4 or IPv6', async () => {
    await expect(publicAddressesOf('mixed.example', answers('93.184.216.34', '10.0.0.1'))).rejects.toThrow(RefusedTargetError);
    await expect(publicAddressesOf('v6.example', answers('2606:4700:4700::1111', 'fe80::1'))).rejects.toThrow('fe80::1');
    await expect(publicAddressesOf('none.example', answers())).rejects.toThrow('has no addresses');
    await expect(publicAddressesOf('ok.example', answers('93.184.216.34', '2606:4700:4700::1111'))).resolves.toHaveLength(2);
    await expect(publicAddressesOf('::1')).rejects.toThrow(RefusedTargetError);
  });

  it('hands the socket only vetted addresses, of the family it asks for', async () => {
    const lookup = publicOnlyLookup(answers('93.184.216.34', '2606:4700:4700::1111'));
    const one = await new Promise((resolve, reject) => lookup('ok.example', { family: 6 }, (error, address) => (error ? reject(error) : resolve(address))));
    expect(one).toBe('2606:4700:4700::1111');
    const refused = publicOnlyLookup(answers('169.254.169.254'));
    await expect(new Promise((resolve, reject) => refused('metadata.example', {}, (error, address) => (error ? reject(error) : resolve(address))))).rejects.toThrow(RefusedTargetError);
  });
});
