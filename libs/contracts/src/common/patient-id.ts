/**
 * A patient identifier as the read API and the assignment commands take it: the characters and
 * length of a FHIR resource id, so that it is the Patient's id as it is.
 */
export const PATIENT_ID_PATTERN = /^[A-Za-z0-9.-]{1,64}$/;
export const PATIENT_ID_RULE = 'a patient is 1-64 characters of letters, digits, . or -';
