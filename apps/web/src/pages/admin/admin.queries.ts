import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { buildTree, flattenTree } from '../../lib/tree';
import { viCompare } from '../../lib/vn';
import { roleLabel } from '../../lib/labels';
import { useAdmin } from './AdminScope';
import type { UnitOption } from './UnitSelect';

export function useUnits() {
  const { api, key } = useAdmin();
  return useQuery({ queryKey: key('units'), queryFn: api.units });
}

export function usePositions() {
  const { api, key } = useAdmin();
  return useQuery({ queryKey: key('positions'), queryFn: api.positions });
}

export function useRoles() {
  const { api, key } = useAdmin();
  return useQuery({ queryKey: key('roles'), queryFn: api.roles, staleTime: 10 * 60_000 });
}

export function useRegisters() {
  const { api, key } = useAdmin();
  return useQuery({ queryKey: key('registers'), queryFn: api.registers });
}

export function useDocTypes() {
  const { api, key } = useAdmin();
  return useQuery({ queryKey: key('doc-types'), queryFn: api.docTypes });
}

/** Select options: units indented by depth in tree order; positions by rank; roles with their labels. */
export function useOrgOptions() {
  const units = useUnits();
  const positions = usePositions();
  const roles = useRoles();
  return useMemo(() => {
    const unitOptions: UnitOption[] = flattenTree(buildTree(units.data ?? [])).map(({ item, depth }) => ({
      value: item.id,
      label: item.name,
      depth,
    }));
    const positionOptions = [...(positions.data ?? [])]
      .sort((a, b) => a.rank - b.rank || viCompare(a.name, b.name))
      .map((p) => ({ value: p.id, label: p.name }));
    const roleOptions = (roles.data ?? []).map((r) => ({ value: r.key, label: r.name || roleLabel(r.key) }));
    return {
      unitOptions,
      positionOptions,
      roleOptions,
      loading: units.isPending || positions.isPending || roles.isPending,
    };
  }, [units.data, positions.data, roles.data, units.isPending, positions.isPending, roles.isPending]);
}
