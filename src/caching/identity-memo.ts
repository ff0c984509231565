/**
 * `compute` run once per object, remembered as long as the object lives. Upstream answers are
 * cached objects shared by every request that finds them fresh, so what is derived from one
 * (a mapped record, a grouped list) is derived once per answer rather than once per request.
 * What comes back is shared by every request, hence typed read-only (the models are, deeply).
 */
export function memoByIdentity<K extends object, V>(compute: (key: K) => V): (key: K) => Readonly<V> {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
