import type { CapabilityStatement } from '@medplum/fhirtypes';

/** When this statement was last changed by hand (FHIR requires a date). */
const WRITTEN = '2026-12-01';

/** What /fhir answers: R4, JSON, Observation search and read, Patient and Device read. */
export function capabilityStatement(base: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: WRITTEN,
    kind: 'instance',
    software: { name: 'healthcare-iot read API' },
    implementation: { description: 'Vital signs of the healthcare IoT platform', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          description:
            'Every request needs Authorization: Bearer <reader token> (pnpm readers add).',
        },
        resource: [
          {
            type: 'Observation',
            profile: 'http://hl7.org/fhir/StructureDefinition/vitalsigns',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: 'patient', type: 'reference', documentation: 'Patient id or Patient/id' },
              { name: 'subject', type: 'reference', documentation: 'Patient/id' },
              { name: 'device', type: 'reference', documentation: 'Device/id' },
              { name: 'code', type: 'token', documentation: 'LOINC 8310-5, 8867-4 or 85354-9' },
              { name: 'date', type: 'date', documentation: 'eq, ge, gt, le, lt; at most two' },
            ],
          },
          { type: 'Patient', interaction: [{ code: 'read' }] },
          { type: 'Device', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
