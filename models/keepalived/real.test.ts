// The keepalived binding's pure parts: the config it writes (one directive per line, DOMAIN.md
// keepalived) and how it reads the notify FIFO and `ip monitor address`.
import { describe, expect, it } from 'vitest';
import { keepalivedConf, roleOfFifoLine, VIP_ADDRESS, vipChange } from './real.js';

const base = {
  routerId: 'hfk-abc123-r1',
  fifo: '/tmp/hfk-abc123-x/r1.fifo',
  priority: 150,
  advertIntMs: 1000,
  preempt: true,
  preemptDelayMs: 0,
  version: '2',
};

describe('keepalived.conf', () => {
  it('one directive per line, every router BACKUP at start, the settings of the model', () => {
    const conf = keepalivedConf(base);
    expect(conf.split('\n').map((l) => l.trim())).toEqual([
      'global_defs {',
      'router_id hfk-abc123-r1',
      'vrrp_notify_fifo /tmp/hfk-abc123-x/r1.fifo',
      'max_auto_priority -1',
      '}',
      'vrrp_instance VI_1 {',
      'state BACKUP',
      'interface eth0',
      'virtual_router_id 51',
      'version 2',
      'priority 150',
      'advert_int 1',
      'virtual_ipaddress {',
      `${VIP_ADDRESS}/24`,
      '}',
      '}',
      '',
    ]);
  });

  it('nopreempt, preempt_delay and advert_int in seconds', () => {
    const conf = keepalivedConf({ ...base, preempt: false, preemptDelayMs: 4500, advertIntMs: 2000, version: '3' });
    expect(conf).toMatch(/^ {4}nopreempt$/m);
    expect(conf).toMatch(/^ {4}preempt_delay 4\.5$/m);
    expect(conf).toMatch(/^ {4}advert_int 2$/m);
    expect(conf).toMatch(/^ {4}version 3$/m);
    expect(keepalivedConf(base)).not.toMatch(/preempt/);
  });

  it('the VIP is a TEST-NET-1 address: it never routes anywhere outside the lab', () => {
    expect(VIP_ADDRESS).toMatch(/^192\.0\.2\.\d+$/);
  });
});

describe('what keepalived reports', () => {
  it('notify FIFO lines become roles; a stop is STOPPED; other events are not roles', () => {
    expect(roleOfFifoLine('INSTANCE "VI_1" MASTER 150')).toBe('MASTER');
    expect(roleOfFifoLine('INSTANCE "VI_1" BACKUP 100\n')).toBe('BACKUP');
    expect(roleOfFifoLine('INSTANCE "VI_1" FAULT 100')).toBe('FAULT');
    expect(roleOfFifoLine('INSTANCE "VI_1" STOP 150')).toBe('STOPPED');
    expect(roleOfFifoLine('INSTANCE "VI_1" MASTER_RX_LOWER_PRI 150')).toBeNull();
    expect(roleOfFifoLine('INSTANCE "OTHER" MASTER 150')).toBeNull();
    expect(roleOfFifoLine('GROUP "G" MASTER 0')).toBeNull();
  });

  it('ip monitor address lines about the VIP: added or deleted', () => {
    expect(vipChange(`2: eth0    inet ${VIP_ADDRESS}/24 scope global secondary eth0`)).toBe(true);
    expect(vipChange(`Deleted 2: eth0    inet ${VIP_ADDRESS}/24 scope global secondary eth0`)).toBe(false);
    expect(vipChange('2: eth0    inet 192.0.2.1/24 scope global eth0')).toBeNull();
    expect(vipChange('       valid_lft forever preferred_lft forever')).toBeNull();
  });
});
