/** Stack object kinds, after CPython's `pickletools.StackObject`: what an opcode pops and pushes. */
export const STACK_KINDS = Object.freeze({
  anyobject: "Any kind of object.",
  markobject: "The mark: where a MARK opcode left the stack; opcodes taking a stackslice pop to it.",
  stackslice: "All the objects above the topmost mark.",
  pyint: "A Python int.",
  pyinteger_or_bool: "A Python int or bool.",
  pybool: "A Python bool.",
  pyfloat: "A Python float.",
  pybytes_or_str: "A Python 2 str: bytes or text, by the decoder's encoding.",
  pybytes: "A Python bytes object.",
  pybytearray: "A Python bytearray object.",
  pybuffer: "A PickleBuffer (out-of-band data).",
  pyunicode: "A Python str.",
  pynone: "None.",
  pytuple: "A Python tuple.",
  pylist: "A Python list.",
  pydict: "A Python dict.",
  pyset: "A Python set.",
  pyfrozenset: "A Python frozenset.",
} satisfies Record<string, string>);

export type StackKind = keyof typeof STACK_KINDS;
