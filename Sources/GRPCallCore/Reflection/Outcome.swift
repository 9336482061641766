/// What a conversation produced: its result or its error.
actor Outcome<Value: Sendable> {
  private(set) var result: Value?
  private(set) var error: (any Error)?

  func succeed(_ value: Value) { result = value }
  func fail(_ error: any Error) { self.error = error }
}
