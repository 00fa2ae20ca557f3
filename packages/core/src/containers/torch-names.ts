/**
 * The member torch.save writes its pickle to: `<name>/data.pkl` (torch's miniz finds it in any
 * case). A leaf module: the decoder's not-a-pickle check reads it without loading the torch reader.
 */
export function isTorchDataMember(name: string): boolean {
  return /^[^/]+\/data\.pkl$/i.test(name);
}
