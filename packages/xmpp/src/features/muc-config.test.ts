import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildConfigCancel,
  buildConfigQuery,
  buildConfigSubmit,
  buildInstantRoom,
  FORM_ROOMCONFIG,
  parseConfigForm,
  ROOMCONFIG,
} from './muc-config.js';

const OWNER = 'http://jabber.org/protocol/muc#owner';

describe('room configuration', () => {
  it('asks for the form and reads it', () => {
    expect(buildConfigQuery('Coven@chat.shakespeare.lit').toString()).toBe(
      `<iq type="get" to="coven@chat.shakespeare.lit"><query xmlns="${OWNER}"/></iq>`,
    );
    const iq = parseXml(`<iq type='result' from='coven@chat.shakespeare.lit' id='c1'>
      <query xmlns='${OWNER}'><x xmlns='jabber:x:data' type='form'>
        <field type='hidden' var='FORM_TYPE'><value>${FORM_ROOMCONFIG}</value></field>
        <field type='text-single' var='${ROOMCONFIG.name}' label='Title'/>
      </x></query></iq>`)!;
    expect(parseConfigForm(iq)!.fields.map((f) => f.var)).toEqual(['FORM_TYPE', ROOMCONFIG.name]);
    expect(
      parseConfigForm(parseXml(`<iq type='result'><query xmlns='${OWNER}'/></iq>`)!),
    ).toBeNull();
    expect(
      parseConfigForm(
        parseXml(
          `<iq type='error'><query xmlns='${OWNER}'><x xmlns='jabber:x:data'/></query></iq>`,
        )!,
      ),
    ).toBeNull();
  });

  it('submits values, adding FORM_TYPE when no form is given', () => {
    const iq = buildConfigSubmit('coven@chat.shakespeare.lit', { [ROOMCONFIG.persistent]: ['1'] });
    expect(iq.toString()).toBe(
      `<iq type="set" to="coven@chat.shakespeare.lit"><query xmlns="${OWNER}"><x xmlns="jabber:x:data" type="submit">` +
        `<field var="FORM_TYPE" type="hidden"><value>${FORM_ROOMCONFIG}</value></field>` +
        `<field var="muc#roomconfig_persistentroom"><value>1</value></field></x></query></iq>`,
    );
  });

  it('builds the instant room and the cancel', () => {
    expect(buildInstantRoom('coven@chat.shakespeare.lit').toString()).toBe(
      `<iq type="set" to="coven@chat.shakespeare.lit"><query xmlns="${OWNER}"><x xmlns="jabber:x:data" type="submit"/></query></iq>`,
    );
    expect(buildConfigCancel('a@b').toString()).toBe(
      `<iq type="set" to="a@b"><query xmlns="${OWNER}"><x xmlns="jabber:x:data" type="cancel"/></query></iq>`,
    );
  });
});
