import { App } from 'antd';
import { useCallback } from 'react';
import { errorMessage } from './errors';

/** Toasts for the result of an action: success text, or the API's Vietnamese error message. */
export function useNotify() {
  const { message } = App.useApp();
  const ok = useCallback((text: string) => void message.success(text), [message]);
  const fail = useCallback((e: unknown) => void message.error({ content: errorMessage(e), duration: 6 }), [message]);
  return { ok, fail };
}
