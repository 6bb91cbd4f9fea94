import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildCancelForm,
  buildSubmitForm,
  formField,
  formType,
  MAX_FORM_FIELDS,
  parseDataForm,
} from './data-forms.js';

const form = parseXml(`<x xmlns='jabber:x:data' type='form'>
  <title>Configuration for "coven" Room</title>
  <instructions>Your room coven@macbeth has been created!</instructions>
  <instructions>Accept the defaults or change them.</instructions>
  <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>
  <field type='hidden' var='secret-token'><value>t0k</value></field>
  <field label='Natural-Language Room Name' type='text-single' var='muc#roomconfig_roomname'/>
  <field type='fixed'><value>Room options</value></field>
  <field label='Make Room Persistent?' type='boolean' var='muc#roomconfig_persistentroom'><value>0</value><required/></field>
  <field label='Who May Discover Real JIDs?' type='list-single' var='muc#roomconfig_whois'>
    <desc>Real JIDs are visible to...</desc>
    <value>moderators</value>
    <option label='Moderators Only'><value>moderators</value></option>
    <option label='Anyone'><value>anyone</value></option>
    <option><value>unlabelled</value></option>
    <option label='no value'/>
  </field>
  <field type='weird' var='x-custom'><value>a</value></field>
  <field var='untyped'/>
  <field label='Room Admins' type='jid-multi' var='muc#roomconfig_roomadmins'>
    <value>wiccarocks@shakespeare.lit</value><value>hecate@shakespeare.lit</value>
  </field>
</x>`)!;

describe('parseDataForm', () => {
  it('reads XEP-0045 example 163 style forms', () => {
    const parsed = parseDataForm(form);
    expect(parsed.title).toBe('Configuration for "coven" Room');
    expect(parsed.instructions).toBe(
      'Your room coven@macbeth has been created!\nAccept the defaults or change them.',
    );
    expect(formType(parsed)).toBe('http://jabber.org/protocol/muc#roomconfig');
    expect(parsed.fields.find((f) => f.type === 'fixed')).toMatchObject({
      var: null,
      values: ['Room options'],
    });
    expect(formField(parsed, 'muc#roomconfig_persistentroom')).toEqual({
      var: 'muc#roomconfig_persistentroom',
      type: 'boolean',
      label: 'Make Room Persistent?',
      desc: '',
      required: true,
      values: ['0'],
      options: [],
    });
    expect(formField(parsed, 'muc#roomconfig_whois')).toMatchObject({
      desc: 'Real JIDs are visible to...',
      values: ['moderators'],
      options: [
        { label: 'Moderators Only', value: 'moderators' },
        { label: 'Anyone', value: 'anyone' },
        { label: 'unlabelled', value: 'unlabelled' },
      ],
    });
    expect(formField(parsed, 'x-custom')!.type).toBe('text-single');
    expect(formField(parsed, 'untyped')!.type).toBe('text-single');
    expect(formField(parsed, 'muc#roomconfig_roomadmins')!.values).toHaveLength(2);
  });

  it('bounds hostile forms and ignores what is not a form', () => {
    expect(parseDataForm(xml('x', { xmlns: 'urn:evil' }))).toEqual({
      title: '',
      instructions: '',
      fields: [],
    });
    const huge = xml(
      'x',
      { xmlns: 'jabber:x:data', type: 'form' },
      xml('title', {}, 't'.repeat(100_000)),
      xml(
        'field',
        { var: 'v'.repeat(2000), label: 'l'.repeat(5000) },
        Array.from({ length: 2000 }, () => xml('value', {}, 'x')),
        xml('value', {}, 'y'.repeat(50_000)),
      ),
      Array.from({ length: 1000 }, (_, i) => xml('field', { var: `f${i}` })),
    );
    const parsed = parseDataForm(huge);
    expect(parsed.title).toHaveLength(4096);
    expect(parsed.fields).toHaveLength(MAX_FORM_FIELDS);
    expect(parsed.fields[0]).toMatchObject({ var: null });
    expect(parsed.fields[0]!.label).toHaveLength(1024);
    expect(parsed.fields[0]!.values).toHaveLength(1000);
  });
});

describe('buildSubmitForm', () => {
  it('returns hidden fields, encodes booleans and single values, skips fixed fields', () => {
    const parsed = parseDataForm(form);
    const x = buildSubmitForm(
      {
        'muc#roomconfig_roomname': ['A Dark Cave', 'ignored second'],
        'muc#roomconfig_persistentroom': ['true'],
        'muc#roomconfig_roomadmins': ['a@b', 'c@d'],
        'not-in-form': ['kept'],
      },
      parsed,
    );
    expect(x.toString()).toBe(
      '<x xmlns="jabber:x:data" type="submit">' +
        '<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roomconfig</value></field>' +
        '<field var="secret-token" type="hidden"><value>t0k</value></field>' +
        '<field var="muc#roomconfig_roomname"><value>A Dark Cave</value></field>' +
        '<field var="muc#roomconfig_persistentroom"><value>1</value></field>' +
        '<field var="muc#roomconfig_roomadmins"><value>a@b</value><value>c@d</value></field>' +
        '<field var="not-in-form"><value>kept</value></field></x>',
    );
    const off = buildSubmitForm({ 'muc#roomconfig_persistentroom': ['nonsense'] }, parsed);
    expect(off.getChildren('field')[2]!.getChildText('value')).toBe('0');
  });

  it('works without a form', () => {
    expect(buildSubmitForm({ FORM_TYPE: ['urn:x'], a: ['1'] }).toString()).toBe(
      '<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:x</value></field><field var="a"><value>1</value></field></x>',
    );
    expect(buildSubmitForm({}).toString()).toBe('<x xmlns="jabber:x:data" type="submit"/>');
  });

  it('cancels', () => {
    expect(buildCancelForm().toString()).toBe('<x xmlns="jabber:x:data" type="cancel"/>');
  });
});
