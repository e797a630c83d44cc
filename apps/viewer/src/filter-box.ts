/** Hides the rows of a list whose text does not contain the filter box's text. */
export function filterBox(input: HTMLInputElement, list: HTMLElement): void {
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase()
    for (const row of list.children) {
      ;(row as HTMLElement).hidden = q !== '' && !(row.textContent ?? '').toLowerCase().includes(q)
    }
  })
}
