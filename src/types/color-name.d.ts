declare module 'color-name' {
  /** CSS named colours (CSS Color Module Level 4) as [r, g, b]. */
  const colours: Readonly<Record<string, readonly [number, number, number]>>;
  export default colours;
}
