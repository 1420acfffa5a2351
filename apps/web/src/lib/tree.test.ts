import { describe, expect, it } from 'vitest';
import { buildTree, flattenTree, subtreeIds } from './tree';

const units = [
  { id: 'c', parentId: 'a', name: 'Phòng Nghiệp vụ lưu trữ', sortOrder: 2 },
  { id: 'a', parentId: null, name: 'Cục Văn thư', sortOrder: 1 },
  { id: 'b', parentId: 'a', name: 'Phòng Nghiệp vụ văn thư', sortOrder: 1 },
  { id: 'd', parentId: null, name: 'Đơn vị A', sortOrder: 0 },
  { id: 'e', parentId: null, name: 'Ban B', sortOrder: 0 },
  { id: 'x', parentId: 'missing', name: 'Mồ côi', sortOrder: 9 },
];

describe('unit tree', () => {
  it('nests children and orders siblings by sortOrder, then Vietnamese name', () => {
    const flat = flattenTree(buildTree(units)).map(({ item, depth }) => `${depth}:${item.id}`);
    expect(flat).toEqual(['0:e', '0:d', '0:a', '1:b', '1:c', '0:x']);
  });

  it('finds a unit and all its descendants (a unit cannot move under itself)', () => {
    expect([...subtreeIds(units, 'a')].sort()).toEqual(['a', 'b', 'c']);
    expect([...subtreeIds(units, 'b')]).toEqual(['b']);
  });

  it('survives a parent cycle in bad data', () => {
    const cyc = [
      { id: 'p', parentId: 'q', name: 'P' },
      { id: 'q', parentId: 'p', name: 'Q' },
    ];
    expect([...subtreeIds(cyc, 'p')].sort()).toEqual(['p', 'q']);
  });
});
