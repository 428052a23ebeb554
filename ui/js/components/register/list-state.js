// The register as its table shows it: the schema (the table, filters and form
// are drawn from it), the query (year, filters, status, search, sort, page),
// the page of rows that answered it, the years on offer and the selected record.
import { useState, useEffect, useRef } from '../../html.js';
import { call } from '../../api.js';

export function useRegisterList({ register, defaultYear, initialQuery }) {
  const [schema, setSchema] = useState(null);
  const [years, setYears] = useState([]);
  const thisYear = defaultYear ?? new Date().getFullYear();
  const [query, setQuery] = useState({
    year: thisYear, filters: {}, status: '', search: '', sort: '', desc: null, page: 1, ...(initialQuery || {}),
  });
  const [page, setPage] = useState(null);
  // One error for the schema and the list: it shows instead of the register
  // while the schema is missing, above the table after.
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null); // a record

  const loadSchema = () => call('register.schema', { register }).then(setSchema, setError);
  useEffect(() => { loadSchema(); }, [register]);
  // Asked again with every page answered: a save or an import can add a year.
  useEffect(() => {
    call('register.years', { register }).then((ys) => setYears(ys), () => {});
  }, [register, page]);

  const reload = useLatestList(register, query, setPage, setError);
  useEffect(() => { reload(); }, [register, JSON.stringify(query)]);
  useReloadOnOtherWrites(reload, loadSchema);

  // A new filter or search starts again at page 1.
  const setQ = (patch) => setQuery((q) => ({ ...q, page: 1, ...patch }));
  // The same column again turns the order round.
  const sortBy = (name) => setQuery((q) => ({ ...q, sort: name, desc: q.sort === name ? !q.desc : false }));
  const goToPage = (to) => setQuery((q) => ({ ...q, page: to }));

  return { schema, years, thisYear, query, setQ, sortBy, goToPage, page, error, reload, selected, setSelected };
}

/**
 * Returns `reload()` for the query. Typing in the search box sends a query
 * per key; only the latest answer may show, whatever order the answers arrive in.
 */
function useLatestList(register, query, setPage, setError) {
  const latest = useRef(0);
  return () => {
    const ticket = ++latest.current;
    return call('register.list', {
      register,
      query: { ...query, year: query.year === '' ? null : Number(query.year), status: query.status || null },
    }).then(
      (p) => { if (ticket === latest.current) { setPage(p); setError(null); } },
      (e) => { if (ticket === latest.current) setError(e); },
    );
  };
}

/**
 * Data changed by another command (an import, a new holiday schedule, a unit
 * or list value added …): show it. The register's own writes reload by
 * themselves. Re-added each render, so it calls this render's reload.
 */
function useReloadOnOtherWrites(reload, loadSchema) {
  useEffect(() => {
    const onSaved = (e) => {
      const name = String(e.detail?.name);
      if (name.startsWith('register.')) return;
      reload();
      if (/^(units|lists)\./.test(name)) loadSchema();
    };
    window.addEventListener('taizhang:saved', onSaved);
    return () => window.removeEventListener('taizhang:saved', onSaved);
  });
}
