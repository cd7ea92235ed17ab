/** A 3×3 grid with one cell lit: the product's mark, drawn inline so it needs no file. */
export function GridMark() {
  return (
    <svg className="grid-mark" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#2f7bd0" />
      {[0, 1, 2].flatMap((row) =>
        [0, 1, 2].map((column) => (
          <rect key={`${row}${column}`} x={4.5 + column * 5.3} y={4.5 + row * 5.3} width="4.3" height="4.3" rx="1"
            fill={row === 1 && column === 2 ? '#ffd166' : 'rgba(255,255,255,0.88)'} />
        )),
      )}
    </svg>
  );
}
