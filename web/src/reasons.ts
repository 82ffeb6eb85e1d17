import { ApiError } from './api';
// Rejection reasons (docs/protocol.md, COMMAND_RESULT `reason`) and close codes as sentences for people.
const REASONS: Record<string, string> = {
  unknown_room: 'This room does not exist.',
  room_exists: 'A room with this id already exists.',
  room_ended: 'This room has ended.',
  room_not_live: 'This room has not started yet.',
  not_in_room: 'You are not in this room.',
  not_moderator: 'Only moderators can do that.',
  not_speaker: 'Only speakers can do that.',
  not_invited: 'This room is private: you need an invitation.',
  not_club_member: 'This room is for members of its club.',
  banned: 'You are banned from this room.',
  room_full: 'This room is full.',
  speaker_limit: 'The stage is full.',
  hand_queue_full: 'Too many hands are raised; try again later.',
  hand_not_raised: 'That hand is no longer raised.',
  hand_raises_disabled: 'Hand raising is turned off in this room.',
  unknown_user: 'That person is not in this room.',
  invalid_transition: 'That is not possible right now.',
  invalid_command: 'That request was not valid.',
  rate_limited: 'You are going too fast; wait a moment.',
  not_followed: 'This room is for people the host follows.',
  blocked: 'You cannot join this room.',
  join_not_requested: 'That person has not asked to join.',
};

export function reasonText(reason: string | undefined | null): string {
  return (reason && REASONS[reason]) ?? 'Something went wrong; try again.';
}

const LEFT: Record<string, string> = {
  kicked: 'A moderator removed you from the room.',
  banned: 'A moderator banned you from the room.',
  room_ended: 'The room has ended.',
  timeout: 'You were disconnected for too long and left the room.',
  switched_room: 'You joined another room.',
};

export function leftText(reason: string): string {
  return LEFT[reason] ?? 'You left the room.';
}

const REST_ERRORS: Record<string, string> = {
  unauthorized: 'Your session has expired; sign out and sign in again.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'That was not found.',
  conflict: 'That conflicts with what exists already.',
  payload_too_large: 'That is too long to send.',
  unavailable: 'The service is busy; try again in a moment.',
  internal_error: 'Something went wrong on the server; try again.',
};

/** A refused REST request (`ErrorBody`, docs/openapi.yml) as a sentence; the server's own words for a bad request. */
export function restErrorText(e: unknown): string {
  if (!(e instanceof ApiError)) return 'The server could not be reached; check your connection.';
  if (e.code === 'rate_limited') {
    const minutes = Math.max(1, Math.ceil((e.retryAfterMs ?? 60_000) / 60_000));
    return `You have done that too often; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (e.code === 'invalid_request' || !e.code) return `The server refused it: ${e.message.replace(/\.?$/, '.')}`;
  return REST_ERRORS[e.code] ?? 'Something went wrong; try again.';
}
