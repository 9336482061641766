/// A regular expression matched in time linear in the text, as RE2 and Go's `regexp` (the
/// syntax grpcurl's and Hurl's users know) match: the pattern is compiled to an NFA and every
/// text position is tried against all its states at once, so no pattern — `^(a+)+$` against a
/// long line of `a`s — can backtrack exponentially past a step's time limit.
///
/// Syntax: literals, `.`, `[...]` and `[^...]` with ranges, `\d \w \s \D \W \S`, escapes of
/// punctuation and `\t \n \r \f \v`, `^` and `$` (text start and end), groups `(...)` and
/// `(?:...)`, `|`, and `* + ? {m} {m,} {m,n}` (lazy forms accepted; only whether it matches is
/// asked). Backreferences and look-arounds, which cannot be matched in linear time, are refused
/// with a message, as RE2 refuses them.
public struct LinearRegex: Sendable {
  /// The pattern as written.
  public let pattern: String
  private let program: [Instruction]

  /// The largest repetition count (RE2's).
  static let maximumRepeat = 1000
  /// The largest compiled program: a pattern that expands past it is refused.
  static let maximumProgram = 100_000

  /// Why a pattern was refused.
  public struct SyntaxError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, in words.
    public var description: String
  }

  /// Compiles `pattern`, or says what is wrong with it.
  public init(_ pattern: String) throws(SyntaxError) {
    self.pattern = pattern
    var parser = RegexParser(Array(pattern.unicodeScalars))
    let tree = try parser.parse()
    var compiler = RegexCompiler()
    try compiler.emit(tree)
    compiler.program.append(.match)
    self.program = compiler.program
  }

  /// Whether the pattern matches anywhere in `text`.
  public func matches(in text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    var current = StateSet(size: program.count)
    var next = StateSet(size: program.count)
    for position in 0 ... scalars.count {
      // Unanchored: a new attempt starts at every position.
      if add(0, to: &current, at: position, of: scalars) { return true }
      guard position < scalars.count else { break }
      let scalar = scalars[position]
      next.clear()
      for state in current.members {
        if case .consume(let set) = program[state], set.contains(scalar) {
          if add(state + 1, to: &next, at: position + 1, of: scalars) { return true }
        }
      }
      swap(&current, &next)
    }
    return false
  }

  /// Follows the empty transitions from `start`; true when they reach the match state.
  private func add(
    _ start: Int,
    to set: inout StateSet,
    at position: Int,
    of scalars: [Unicode.Scalar]
  ) -> Bool {
    var stack = [start]
    while let state = stack.popLast() {
      guard set.insert(state) else { continue }
      switch program[state] {
      case .match: return true
      case .consume: break
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .textStart: if position == 0 { stack.append(state + 1) }
      case .textEnd: if position == scalars.count { stack.append(state + 1) }
      }
    }
    return false
  }
}

/// One step of the compiled program.
enum Instruction: Sendable {
  case consume(ScalarSet)
  case split(Int, Int)
  case jump(Int)
  case textStart
  case textEnd
  case match
}

/// The states of the NFA at one text position, in insertion order, without duplicates.
struct StateSet {
  private var seen: [Bool]
  private(set) var members: [Int] = []

  init(size: Int) { seen = Array(repeating: false, count: size) }

  /// Adds `state`; false when it was there already.
  mutating func insert(_ state: Int) -> Bool {
    if seen[state] { return false }
    seen[state] = true
    members.append(state)
    return true
  }

  mutating func clear() {
    for state in members { seen[state] = false }
    members.removeAll(keepingCapacity: true)
  }
}

/// A set of scalars: ranges, possibly negated.
struct ScalarSet: Sendable {
  var ranges: [ClosedRange<UInt32>]
  var negated = false

  func contains(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return ranges.contains { $0.contains(value) } != negated
  }

  static func single(_ scalar: Unicode.Scalar) -> ScalarSet {
    ScalarSet(ranges: [scalar.value ... scalar.value])
  }
  static let any = ScalarSet(ranges: [0x0A ... 0x0A], negated: true)
  static let digit = ScalarSet(ranges: [0x30 ... 0x39])
  static let word = ScalarSet(ranges: [0x30 ... 0x39, 0x41 ... 0x5A, 0x5F ... 0x5F, 0x61 ... 0x7A])
  static let space = ScalarSet(ranges: [0x09 ... 0x0D, 0x20 ... 0x20])
}

/// The parsed pattern.
indirect enum RegexNode {
  case empty
  case set(ScalarSet)
  case textStart
  case textEnd
  case concatenation([RegexNode])
  case alternation([RegexNode])
  case repeated(RegexNode, min: Int, max: Int?)
}

/// A recursive-descent parser of the pattern, bounded in nesting.
struct RegexParser {
  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var depth = 0
  static let maximumNesting = 100

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  private func fail(_ what: String) -> LinearRegex.SyntaxError {
    LinearRegex.SyntaxError(description: what)
  }

  mutating func parse() throws(LinearRegex.SyntaxError) -> RegexNode {
    let node = try alternation()
    if index < scalars.count {
      throw fail("unmatched ')' at offset \(index)")
    }
    return node
  }

  private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  private mutating func alternation() throws(LinearRegex.SyntaxError) -> RegexNode {
    var branches = [try concatenation()]
    while peek == "|" {
      index += 1
      branches.append(try concatenation())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func concatenation() throws(LinearRegex.SyntaxError) -> RegexNode {
    var items: [RegexNode] = []
    while let scalar = peek, scalar != "|", scalar != ")" {
      items.append(try repetition(of: try atom()))
    }
    return items.count == 1 ? items[0] : items.isEmpty ? .empty : .concatenation(items)
  }

  private mutating func repetition(
    of atom: RegexNode
  ) throws(LinearRegex.SyntaxError) -> RegexNode {
    var node = atom
    while let scalar = peek {
      let bounds: (Int, Int?)
      switch scalar {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let counted = try countedBounds() else { return node }
        bounds = counted
      default: return node
      }
      if scalar != "{" { index += 1 }
      if peek == "?" { index += 1 }  // lazy: the same for a yes/no match
      if case .textStart = atom { throw fail("nothing to repeat before '\(scalar)'") }
      node = .repeated(node, min: bounds.0, max: bounds.1)
    }
    return node
  }

  /// `{m}`, `{m,}`, `{m,n}`; nil (a literal `{`) when it is not one.
  private mutating func countedBounds() throws(LinearRegex.SyntaxError) -> (Int, Int?)? {
    var cursor = index + 1
    func number() -> Int? {
      var value: Int?
      while cursor < scalars.count, let digit = Int(String(scalars[cursor])),
        scalars[cursor].isASCII
      {
        value = min((value ?? 0) * 10 + digit, 1_000_000)
        cursor += 1
      }
      return value
    }
    guard let low = number() else { return nil }
    var high: Int? = low
    if cursor < scalars.count, scalars[cursor] == "," {
      cursor += 1
      high = number()
    }
    guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
    if let high, high < low { throw fail("invalid repeat count {\(low),\(high)}") }
    if low > LinearRegex.maximumRepeat || (high ?? 0) > LinearRegex.maximumRepeat {
      throw fail("repeat count over \(LinearRegex.maximumRepeat)")
    }
    index = cursor + 1
    return (low, high)
  }

  private mutating func atom() throws(LinearRegex.SyntaxError) -> RegexNode {
    let scalar = scalars[index]
    index += 1
    switch scalar {
    case ".": return .set(.any)
    case "^": return .textStart
    case "$": return .textEnd
    case "[": return .set(try bracket())
    case "\\": return .set(try escape(inBracket: false))
    case "*", "+", "?":
      throw fail("nothing to repeat before '\(scalar)'")
    case "(":
      if peek == "?" {
        guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
          throw fail(
            "look-arounds and other (?...) groups are not supported (matching stays linear in time)"
          )
        }
        index += 2
      }
      depth += 1
      guard depth <= Self.maximumNesting else {
        throw fail("groups nested more than \(Self.maximumNesting) deep")
      }
      let inner = try alternation()
      depth -= 1
      guard peek == ")" else { throw fail("missing ')'") }
      index += 1
      return inner
    default:
      return .set(.single(scalar))
    }
  }

  private mutating func escape(inBracket: Bool) throws(LinearRegex.SyntaxError) -> ScalarSet {
    guard let scalar = peek else { throw fail("trailing backslash") }
    index += 1
    switch scalar {
    case "d": return .digit
    case "w": return .word
    case "s": return .space
    case "D": return ScalarSet(ranges: ScalarSet.digit.ranges, negated: true)
    case "W": return ScalarSet(ranges: ScalarSet.word.ranges, negated: true)
    case "S": return ScalarSet(ranges: ScalarSet.space.ranges, negated: true)
    case "t": return .single("\t")
    case "n": return .single("\n")
    case "r": return .single("\r")
    case "f": return .single("\u{0C}")
    case "v": return .single("\u{0B}")
    case "1" ... "9":
      throw fail("backreferences (\\\(scalar)) are not supported (matching stays linear in time)")
    default:
      guard !(scalar.properties.isAlphabetic || ("0" ... "9").contains(scalar)) else {
        throw fail("unknown escape \\\(scalar)")
      }
      return .single(scalar)
    }
  }

  private mutating func bracket() throws(LinearRegex.SyntaxError) -> ScalarSet {
    var set = ScalarSet(ranges: [])
    if peek == "^" {
      set.negated = true
      index += 1
    }
    var first = true
    while true {
      guard let scalar = peek else { throw fail("missing ']'") }
      if scalar == "]" && !first {
        index += 1
        return set
      }
      first = false
      index += 1
      var low: Unicode.Scalar = scalar
      if scalar == "\\" {
        let escaped = try escape(inBracket: true)
        guard escaped.ranges.count == 1, !escaped.negated,
          escaped.ranges[0].lowerBound == escaped.ranges[0].upperBound,
          let single = Unicode.Scalar(escaped.ranges[0].lowerBound)
        else {
          set.ranges += escaped.negated ? Self.complement(escaped.ranges) : escaped.ranges
          continue
        }
        low = single
      }
      if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
        index += 1
        var high = scalars[index]
        index += 1
        if high == "\\" {
          let escaped = try escape(inBracket: true)
          guard escaped.ranges.count == 1, let value = Unicode.Scalar(escaped.ranges[0].lowerBound)
          else { throw fail("invalid range in [...]") }
          high = value
        }
        guard low.value <= high.value else { throw fail("invalid range \(low)-\(high) in [...]") }
        set.ranges.append(low.value ... high.value)
      } else {
        set.ranges.append(low.value ... low.value)
      }
    }
  }

  private static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    var result: [ClosedRange<UInt32>] = []
    var next: UInt32 = 0
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if range.lowerBound > next { result.append(next ... range.lowerBound - 1) }
      next = max(next, range.upperBound + 1)
    }
    if next <= 0x10FFFF { result.append(next ... 0x10FFFF) }
    return result
  }
}

/// Turns the parsed pattern into the NFA program (Thompson's construction).
struct RegexCompiler {
  var program: [Instruction] = []

  mutating func emit(_ node: RegexNode) throws(LinearRegex.SyntaxError) {
    guard program.count <= LinearRegex.maximumProgram else {
      throw LinearRegex.SyntaxError(
        description: "the pattern is too large once its repeats are expanded"
      )
    }
    switch node {
    case .empty: break
    case .set(let set): program.append(.consume(set))
    case .textStart: program.append(.textStart)
    case .textEnd: program.append(.textEnd)
    case .concatenation(let items):
      for item in items { try emit(item) }
    case .alternation(let branches):
      var jumps: [Int] = []
      for (offset, branch) in branches.enumerated() {
        if offset < branches.count - 1 {
          let split = program.count
          program.append(.split(0, 0))
          try emit(branch)
          jumps.append(program.count)
          program.append(.jump(0))
          program[split] = .split(split + 1, program.count)
        } else {
          try emit(branch)
        }
      }
      for jump in jumps { program[jump] = .jump(program.count) }
    case .repeated(let inner, let minimum, let maximum):
      for _ in 0 ..< minimum { try emit(inner) }
      if let maximum {
        // Each optional copy may be skipped to the end.
        var splits: [Int] = []
        for _ in minimum ..< maximum {
          splits.append(program.count)
          program.append(.split(0, 0))
          try emit(inner)
        }
        for split in splits { program[split] = .split(split + 1, program.count) }
      } else {
        let loop = program.count
        program.append(.split(0, 0))
        try emit(inner)
        program.append(.jump(loop))
        program[loop] = .split(loop + 1, program.count)
      }
    }
  }
}
