import type { ArgumentMetadata } from '@nestjs/common';
import { AlertsQuery } from '../alerts/alerts.dto.js';
import { AssignmentsQuery } from '../assignments/assignments.dto.js';
import { validationPipe } from '../errors/validation.js';

/** The lists narrowed to a patient, through the app's own validation pipe, as a query string arrives. */
describe.each([
  ['GET /alerts', AlertsQuery, { state: 'open' }],
  ['GET /assignments', AssignmentsQuery, {}],
])('%s query', (_, metatype, defaults) => {
  const pipe = validationPipe();
  const meta: ArgumentMetadata = { type: 'query', metatype };
  const parse = (query: Record<string, string>) => pipe.transform(query, meta);

  it('gives a page of 100 by default, and takes a patient and a limit within 1-1000', async () => {
    await expect(parse({})).resolves.toEqual({ ...defaults, limit: 100 });
    await expect(parse({ patient: 'patient-1', limit: '1000' })).resolves.toMatchObject({
      patient: 'patient-1',
      limit: 1000,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ patient: 'a b' }, 'patient'],
  ])('refuses %p, naming %s', async (query, field) => {
    await expect(parse(query)).rejects.toMatchObject({
      problems: [expect.objectContaining({ field })],
    });
  });
});
