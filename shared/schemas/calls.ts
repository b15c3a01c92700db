import { objectId } from './common';

// The call page's messages (shared/call-protocol.ts ClientMessage), checked by ajv like every HTTP body:
// a socket is input too. Participant ids are `u` or `g` and up to 40 word characters.

const participantId = { type: 'string', pattern: '^[ug][A-Za-z0-9_-]{1,40}$' } as const;
const peers = { type: 'array', maxItems: 3, uniqueItems: true, items: participantId } as const;
const description = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: { type: { type: 'string', enum: ['offer', 'answer', 'pranswer', 'rollback'] }, sdp: { type: 'string', maxLength: 100_000 } },
} as const;
const candidate = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['candidate'],
      properties: {
        candidate: { type: 'string', maxLength: 2000 },
        sdpMid: { type: ['string', 'null'], maxLength: 100 },
        sdpMLineIndex: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
        usernameFragment: { type: ['string', 'null'], maxLength: 256 },
      },
    },
  ],
} as const;

const message = (type: readonly string[], properties: Record<string, object>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { type: 'string', enum: type }, ...properties },
});

export const callClientMessage = {
  $id: 'CallClientMessage',
  oneOf: [
    message(['check'], { requestId: objectId }, ['requestId']),
    message(['join'], { requestId: objectId, resume: { type: 'boolean' } }, ['requestId']),
    message(['offer', 'answer'], { dest: participantId, value: description }, ['dest', 'value']),
    message(['ice'], { dest: participantId, value: candidate }, ['dest', 'value']),
    message(['media', 'ping'], { peers }, ['peers']),
    message(['devices'], { microphone: { type: 'boolean' }, camera: { type: 'boolean' } }, ['microphone', 'camera']),
    message(['leave'], {}),
    message(['quality'], { good: { type: 'boolean' } }, ['good']),
  ],
} as const;
