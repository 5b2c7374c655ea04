import { describe, expect, it } from 'vitest';
import type { Access } from '../../../lib/api/types';
import { explainAccess } from './access';

const grant = (group: string, level: Access['level'], member: boolean, directory_groups: string[] = []) => ({
  group,
  level,
  member,
  directory_groups,
});

describe('explainAccess', () => {
  it('names the groups that give the level, their directory groups, and what the next level needs', () => {
    const access: Access = {
      level: 'view',
      admin: false,
      admin_through: [],
      grants: [grant('ops', 'edit', false), grant('devs', 'push', false), grant('qa', 'view', true, ['cn=qa'])],
    };
    expect(explainAccess(access)).toEqual([
      'Group qa gives you view (you are in it through the directory group cn=qa).',
      'To push, you would need to be in ops or devs.',
    ]);
  });

  it('says when no group may push', () => {
    const access: Access = { level: 'view', admin: false, admin_through: [], grants: [grant('qa', 'view', true)] };
    expect(explainAccess(access)).toEqual(['Group qa gives you view.', 'No group may push here; ask an admin.']);
  });

  it('says how an admin is one and asks for nothing more', () => {
    const viaGroup: Access = { level: 'edit', admin: true, admin_through: ['sysadmins'], grants: [] };
    expect(explainAccess(viaGroup)).toEqual(['You are an admin through sysadmins, so you may do everything here.']);
    const account: Access = { level: 'edit', admin: true, admin_through: [], grants: [] };
    expect(explainAccess(account)).toEqual(['Your account is an admin account, so you may do everything here.']);
  });

  it('asks for edit once push is there', () => {
    const access: Access = { level: 'push', admin: false, admin_through: [], grants: [grant('devs', 'push', true), grant('ops', 'edit', false)] };
    expect(explainAccess(access)).toEqual(['Group devs gives you push.', 'To edit, you would need to be in ops.']);
  });
});
