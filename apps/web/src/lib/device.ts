/**
 * True on screens of 768 px and more. List pages focus their search box only there:
 * on a phone, autofocus would pop the keyboard up over the table.
 */
export function wideScreen(): boolean {
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(min-width: 768px)').matches
  );
}
