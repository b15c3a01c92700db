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
  export const passwordResetBody: ValidateFunction;
  export const setPasswordBody: ValidateFunction;
  export const passwordChangeBody: ValidateFunction;
  export const memberInviteBody: ValidateFunction;
  export const simulationScenario: ValidateFunction;
}
