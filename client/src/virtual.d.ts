declare module 'virtual:validators' {
  import type { ValidateFunction } from 'ajv';
  export const loginBody: ValidateFunction;
  export const requestCreateBody: ValidateFunction;
  export const cancelBody: ValidateFunction;
  export const completeBody: ValidateFunction;
  export const amountBody: ValidateFunction;
  export const disputeBody: ValidateFunction;
  export const feedbackBody: ValidateFunction;
  export const availabilityUpdateBody: ValidateFunction;
  export const qualificationsUpdateBody: ValidateFunction;
  export const passwordResetBody: ValidateFunction;
  export const setPasswordBody: ValidateFunction;
  export const passwordChangeBody: ValidateFunction;
  export const memberInviteBody: ValidateFunction;
  export const structureCreateBody: ValidateFunction;
  export const structureUpdateBody: ValidateFunction;
  export const agencyCreateBody: ValidateFunction;
  export const agencyUpdateBody: ValidateFunction;
  export const userCreateBody: ValidateFunction;
  export const userUpdateBody: ValidateFunction;
  export const interpreterCreateBody: ValidateFunction;
  export const interpreterUpdateBody: ValidateFunction;
  export const simulationScenario: ValidateFunction;
  export const withdrawBody: ValidateFunction;
  export const problemBody: ValidateFunction;
  export const statementRejectBody: ValidateFunction;
}
