/** The one web permission the renderer gets: showing notifications (new messages, mentions). */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'notifications';
}
