import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import {
  buildCommandRequest,
  NS_COMMANDS,
  parseCommandList,
  parseCommandResponse,
  parseFormTable,
} from './adhoc.js';

const parse = (text: string): Element => {
  const el = parseXml(text);
  if (!el) throw new Error('bad xml');
  return el;
};
const result = (command: string) =>
  parse(`<iq type="result" id="1" from="localhost">${command}</iq>`);

describe('parseCommandResponse', () => {
  it('reads status, session id, actions with their default, notes and the form', () => {
    const r = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n1" sessionid="s1" status="executing">
        <actions execute="next"><prev/><next/><complete/></actions>
        <note type="warn">Careful</note>
        <x xmlns="jabber:x:data" type="form"><title>Step 2</title>
          <field var="a" type="text-single"/></x>
      </command>`),
    );
    expect(r).toMatchObject({
      node: 'n1',
      sessionId: 's1',
      status: 'executing',
      actions: ['prev', 'next', 'complete'],
      defaultAction: 'next',
      notes: [{ type: 'warn', text: 'Careful' }],
      result: null,
      table: null,
    });
    expect(r?.form?.title).toBe('Step 2');
  });

  it('executing without <actions/> allows complete only; completed allows nothing', () => {
    const executing = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n" sessionid="s" status="executing"/>`),
    );
    expect(executing).toMatchObject({ actions: ['complete'], defaultAction: 'complete' });
    const done = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n" sessionid="s" status="completed">
        <note>Done</note></command>`),
    );
    expect(done).toMatchObject({ actions: [], defaultAction: null });
    expect(done?.notes).toEqual([{ type: 'info', text: 'Done' }]);
  });

  it('a default action not listed is added to the allowed ones', () => {
    const r = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n" sessionid="s" status="executing">
        <actions execute="complete"><prev/></actions></command>`),
    );
    expect(r).toMatchObject({ actions: ['prev', 'complete'], defaultAction: 'complete' });
  });

  it('reads a result form with a reported table', () => {
    const r = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n" status="completed">
        <x xmlns="jabber:x:data" type="result"><title>Users</title>
          <reported><field var="jid" label="Address"/><field var="n" label="Logins"/></reported>
          <item><field var="n"><value>3</value></field><field var="jid"><value>a@b</value></field></item>
          <item><field var="jid"><value>c@d</value></field></item>
        </x></command>`),
    );
    expect(r?.form).toBeNull();
    expect(r?.result?.title).toBe('Users');
    expect(r?.table).toEqual({
      columns: [
        { var: 'jid', label: 'Address' },
        { var: 'n', label: 'Logins' },
      ],
      rows: [
        ['a@b', '3'],
        ['c@d', ''],
      ],
    });
  });

  it('refuses what is not a command result, and bounds hostile input', () => {
    expect(parseCommandResponse(parse('<iq type="result" id="1"/>'))).toBeNull();
    expect(
      parseCommandResponse(
        parse(
          `<iq type="error" id="1"><command xmlns="${NS_COMMANDS}" node="n" status="completed"/></iq>`,
        ),
      ),
    ).toBeNull();
    expect(
      parseCommandResponse(result(`<command xmlns="${NS_COMMANDS}" node="n" status="bogus"/>`)),
    ).toBeNull();
    expect(
      parseCommandResponse(result(`<command xmlns="${NS_COMMANDS}" status="completed"/>`)),
    ).toBeNull();
    const notes = '<note type="error">x</note>'.repeat(100);
    const long = 'y'.repeat(100_000);
    const r = parseCommandResponse(
      result(`<command xmlns="${NS_COMMANDS}" node="n" sessionid="${'s'.repeat(5000)}" status="completed">
        ${notes}<note type="strange">${long}</note></command>`),
    );
    expect(r?.sessionId).toBeNull();
    expect(r?.notes.length).toBe(16);
    const table = parseFormTable(
      parse(
        `<x xmlns="jabber:x:data" type="result"><reported><field var="a"/></reported>${'<item><field var="a"><value>v</value></field></item>'.repeat(3000)}</x>`,
      ),
    );
    expect(table?.rows.length).toBe(2000);
  });
});

describe('buildCommandRequest', () => {
  const form = {
    title: '',
    instructions: '',
    fields: [
      {
        var: 'FORM_TYPE',
        type: 'hidden' as const,
        label: '',
        desc: '',
        required: false,
        values: ['urn:x'],
        options: [],
      },
      {
        var: 'a',
        type: 'text-single' as const,
        label: '',
        desc: '',
        required: false,
        values: [],
        options: [],
      },
    ],
  };

  it('executes without a form, continues with the form submitted and the session id', () => {
    const first = buildCommandRequest({ to: 'localhost', node: 'n', action: 'execute' });
    expect(first.toString()).toBe(
      `<iq type="set" to="localhost"><command xmlns="${NS_COMMANDS}" node="n" action="execute"/></iq>`,
    );
    const next = buildCommandRequest({
      to: 'localhost',
      node: 'n',
      action: 'complete',
      sessionId: 's1',
      values: { a: ['1'] },
      form,
    });
    const command = next.getChild('command', NS_COMMANDS);
    expect(command?.attrs).toMatchObject({ action: 'complete', sessionid: 's1' });
    const x = command?.getChild('x', 'jabber:x:data');
    expect(x?.attrs.type).toBe('submit');
    expect(x?.toString()).toContain('<value>urn:x</value>');
    expect(x?.toString()).toContain('<field var="a"><value>1</value></field>');
  });

  it('prev and cancel carry no form', () => {
    for (const action of ['prev', 'cancel'] as const) {
      const el = buildCommandRequest({
        to: 'localhost',
        node: 'n',
        action,
        sessionId: 's',
        values: { a: ['1'] },
        form,
      });
      expect(el.getChild('command', NS_COMMANDS)?.getChildElements()).toEqual([]);
    }
  });
});

describe('parseCommandList', () => {
  it('keeps items with a node, named by their node when they have no name', () => {
    const list = parseCommandList(
      parse(`<iq type="result" id="1"><query xmlns="http://jabber.org/protocol/disco#items" node="${NS_COMMANDS}">
        <item jid="localhost" node="a" name="Alpha"/><item jid="localhost" node="b"/><item jid="localhost"/>
      </query></iq>`),
    );
    expect(list).toEqual([
      { jid: 'localhost', node: 'a', name: 'Alpha' },
      { jid: 'localhost', node: 'b', name: 'b' },
    ]);
  });
});
