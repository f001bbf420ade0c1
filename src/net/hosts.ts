/** A URL's host name as DNS compares it: lower case, without the trailing dot of a fully qualified name. */
export function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
}

/** True for a host name on this machine's loopback (`localhost`, `127.x.x.x`, `::1`): a local simulator, never a venue. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}
