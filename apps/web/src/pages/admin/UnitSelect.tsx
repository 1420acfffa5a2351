import { Select, type SelectProps } from 'antd';

export interface UnitOption {
  value: string;
  label: string;
  depth: number;
}

/** A unit picker: the list shows the tree by indentation, the chosen value shows the plain name; type to search. */
export default function UnitSelect(
  props: Omit<SelectProps<string, UnitOption>, 'options'> & { options: UnitOption[] },
) {
  return (
    <Select<string, UnitOption>
      showSearch
      optionFilterProp="label"
      optionRender={(o) => <span style={{ paddingLeft: (o.data.depth ?? 0) * 14 }}>{o.data.label}</span>}
      {...props}
    />
  );
}
