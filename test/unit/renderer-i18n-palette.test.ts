import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paletteScore, rankCommands } from '../../renderer/app/palette-commands.ts';
import { deskTime, formatUtc } from '../../renderer/format/time.ts';
import { en, ko } from '../../renderer/i18n/messages.ts';
import { preferredLocale, translate, translateOr } from '../../renderer/i18n/translate.ts';

describe('i18n', () => {
  it('has a non-empty Korean message with the same placeholders for every English key', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = en[key];
      const korean = ko[key];
      assert.ok(korean.length > 0, key);
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      assert.deepEqual(placeholders(korean), placeholders(english), key);
    }
    assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(translate('en', 'detail.needAttention', { count: 2 }), '2 need attention');
    assert.equal(translate('ko', 'detail.needAttention', { count: 2 }), '2개 확인 필요');
    assert.equal(translate('en', 'detail.needAttention'), '{count} need attention');
    assert.equal(translateOr('ko', 'tab.pods', 'Pods'), '파드');
    assert.equal(translateOr('ko', 'tab.unknown-view', 'Other'), 'Other');
  });

  it('picks the first supported browser language', () => {
    assert.equal(preferredLocale(['ko-KR', 'en-US']), 'ko');
    assert.equal(preferredLocale(['fr-FR', 'en-GB']), 'en');
    assert.equal(preferredLocale(['de']), 'en');
  });
});

describe('desk time', () => {
  it('shows the desk zone and keeps UTC for the hover title', () => {
    const at = Date.UTC(2026, 10, 23, 5, 4, 3);
    assert.equal(formatUtc(at), '2026-11-23 05:04:03 UTC');
    assert.deepEqual(deskTime(at, 'Asia/Seoul'), { text: '2026-11-23 14:04:03', utc: '2026-11-23 05:04:03 UTC', iso: '2026-11-23T05:04:03.000Z' });
    assert.equal(deskTime(at, 'America/New_York').text, '2026-11-23 00:04:03');
  });
});

describe('command palette matching', () => {
  const commands = [
    { name: 'nodes', label: 'Go to Nodes', keywords: ['Nodes'] },
    { name: 'pods', label: 'Go to Pods', keywords: ['Pods'] },
    { name: 'services', label: 'Go to Services', keywords: [] },
    { name: 'role infrastructure', label: 'Switch role to Infrastructure / SRE', keywords: ['sre', 'infra'] },
    { name: 'role service-manager', label: 'Switch role to Service manager', keywords: ['svc'] },
    { name: 'lang ko', label: 'Switch language to 한국어', keywords: ['language', '한국어'] },
  ];
  const names = (input: string) => rankCommands(commands, input).map((command) => command.name);

  it('runs :name jumps exactly', () => {
    assert.equal(names(':nodes')[0], 'nodes');
    assert.equal(names('pods')[0], 'pods');
    assert.equal(names(':services')[0], 'services');
    assert.deepEqual(names(':services'), ['services']);
  });

  it('finds a role by id, alias or name words', () => {
    assert.deepEqual(names(':role sre'), ['role infrastructure']);
    assert.deepEqual(names('role serv'), ['role service-manager']);
    assert.equal(names(':role')[0], 'role infrastructure');
    assert.deepEqual(names('한국어'), ['lang ko']);
  });

  it('lists everything for a bare colon and nothing for nonsense', () => {
    assert.equal(names(':').length, commands.length);
    assert.deepEqual(names(':zzz'), []);
    assert.equal(paletteScore(commands[0]!, 'nod'), 50 + 10);
  });
});

describe('column headers and role cycling', () => {
  it('translates known headers to Korean and keeps unknown ones', async () => {
    const { localizeHeaders } = await import('../../renderer/i18n/column-headers.ts');
    const columns = [{ id: 'name', header: 'Name' }, { id: 'x', header: 'Custom' }];
    assert.deepEqual(localizeHeaders(columns, 'ko').map((column) => column.header), ['이름', 'Custom']);
    assert.deepEqual(localizeHeaders(columns, 'en'), columns);
  });

  it('cycles roles in order and wraps around', async () => {
    const { nextRoleId } = await import('../../renderer/app/role-picker.tsx');
    const roles = [{ id: 'infrastructure' }, { id: 'application-owner' }, { id: 'service-manager' }];
    assert.equal(nextRoleId(roles, 'infrastructure'), 'application-owner');
    assert.equal(nextRoleId(roles, 'service-manager'), 'infrastructure');
    assert.equal(nextRoleId(roles, 'unknown'), 'infrastructure');
    assert.equal(nextRoleId([], 'x'), undefined);
  });
});
