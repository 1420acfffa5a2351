import { Checkbox } from 'antd';

/** Roles as checkboxes (few, and quicker to use by keyboard than a multi-select). */
export default function RolesField({
  value,
  onChange,
  options,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <Checkbox.Group
      className="roles-field"
      value={value}
      onChange={(v) => onChange?.(v.map(String))}
      options={options}
    />
  );
}
