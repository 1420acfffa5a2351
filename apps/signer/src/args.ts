export interface AgentArgs {
  p12?: string;
  pass?: string;
  pkcs11?: string;
  token?: string;
  pin?: string;
  key?: string;
  port: number;
  allowOrigins: string[];
  autoApprove: boolean;
}

export const usage = `Cách dùng:
  vanthu-signer --p12 <tệp.p12> --pass <mật khẩu> [--port 7543] [--allow-origin http://localhost:3000]... [--auto-approve]
  vanthu-signer --pkcs11 <mô-đun.so> --token <nhãn> --pin <PIN> --key <nhãn khoá> [--port 7543] [--allow-origin ...]`;

/** Parses the command line; the default origin is the local vanthu (http://localhost:3000). */
export function parseArgs(argv: string[]): AgentArgs | { error: string } {
  const out: AgentArgs = { port: 7543, allowOrigins: [], autoApprove: false };
  const takes = new Set(['--p12', '--pass', '--pkcs11', '--token', '--pin', '--key', '--port', '--allow-origin']);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--auto-approve') {
      out.autoApprove = true;
      continue;
    }
    if (!takes.has(flag)) return { error: `Tham số không hợp lệ: ${flag}` };
    const v = argv[++i];
    if (v === undefined) return { error: `Thiếu giá trị cho ${flag}` };
    if (flag === '--p12') out.p12 = v;
    else if (flag === '--pass') out.pass = v;
    else if (flag === '--pkcs11') out.pkcs11 = v;
    else if (flag === '--token') out.token = v;
    else if (flag === '--pin') out.pin = v;
    else if (flag === '--key') out.key = v;
    else if (flag === '--port') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return { error: `Cổng không hợp lệ: ${v}` };
      out.port = n;
    } else if (flag === '--allow-origin') {
      try {
        const u = new URL(v);
        if (u.origin === 'null' || u.origin !== v.replace(/\/$/, '')) return { error: `Origin không hợp lệ: ${v}` };
        out.allowOrigins.push(u.origin);
      } catch {
        return { error: `Origin không hợp lệ: ${v}` };
      }
    }
  }
  if (!!out.p12 === !!out.pkcs11) return { error: 'Cần đúng một trong --p12 hoặc --pkcs11.' };
  if (out.allowOrigins.length === 0) out.allowOrigins.push('http://localhost:3000', 'http://127.0.0.1:3000');
  return out;
}
