export const LIMITS = {
  bodyBytes: 1_048_576,
  name: 100,
  text: 2000,
  username: 32,
  password: 128,
  pageSizeMax: 200,
  pageSizeDefault: 20,
  passwordMin: 10,
  passwordHistory: 5,
  lockoutFailures: 5,
  lockoutMinutes: 30,
} as const
