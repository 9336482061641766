import Foundation
import ProtoSchema
import TestSupport
import Testing

/// Invalid .proto files and the diagnostic grpcall reports for each (the first one).
///
/// `sameAsProtoc` cases must also match, word for word, what the oracle protoc (grpcio-tools,
/// libprotoc 35) prints first; the others differ on purpose (listed in `DiagnosticCase.note`).
/// Every case must be rejected by protoc too.
struct DiagnosticCase: Sendable, CustomStringConvertible {
  var name: String
  var source: String
  var expected: String
  var sameAsProtoc: Bool
  var otherFiles: [String: String] = [:]
  var note: String = ""
  var description: String { name }
}

enum DiagnosticCatalogue {
  static let cases: [DiagnosticCase] = [
    DiagnosticCase(
      name: "bad_edition",
      source: #"""
        edition = "2099";
        """#,
      expected: #"FILE:1:11: Unknown edition "2099"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bad_float_default",
      source: #"""
        syntax = "proto2";
        message M {
          optional int32 a = 1 [default = 1.5];
        }
        """#,
      expected: #"FILE:3:35: Expected integer for field default value."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bad_label_proto2",
      source: #"""
        syntax = "proto2";
        message M {
          int32 a = 1;
        }
        """#,
      expected: #"FILE:3:3: Expected "required", "optional", or "repeated"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bad_rpc",
      source: #"""
        syntax = "proto3";
        message M {}
        service S {
          rpc A(M) (M);
        }
        """#,
      expected: #"FILE:4:12: Expected "returns"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bad_syntax",
      source: #"""
        syntax = "proto4";
        """#,
      expected:
        #"FILE:1:10: Unrecognized syntax identifier "proto4".  This parser only recognizes "proto2" and "proto3"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bad_token",
      source: #"""
        syntax = "proto3";
        message M { int32 a = 1; } $
        """#,
      expected: #"FILE:2:28: Expected top-level statement (e.g. "message")."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "bool_default",
      source: #"""
        syntax = "proto2";
        message M {
          optional bool a = 1 [default = yes];
        }
        """#,
      expected: #"FILE:3:34: Expected "true" or "false"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "cycle_a",
      source: #"""
        syntax = "proto3";
        import "cycle_b.proto";
        """#,
      expected:
        #"FILE:2:1: File recursively imports itself: cycle_a.proto -> cycle_b.proto -> cycle_a.proto"#,
      sameAsProtoc: true,
      otherFiles: [
        "cycle_b.proto": #"""
        syntax = "proto3";
        import "cycle_a.proto";
        """#
      ]
    ),
    DiagnosticCase(
      name: "default_proto3",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1 [default = 5];
        }
        """#,
      expected: #"FILE:3:26: Explicit default values are not allowed in proto3."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "dup_import",
      source: #"""
        syntax = "proto3";
        import "google/protobuf/empty.proto";
        import "google/protobuf/empty.proto";
        """#,
      expected: #"FILE:3:1: Import "google/protobuf/empty.proto" was listed twice."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "dup_message",
      source: #"""
        syntax = "proto3";
        message M {}
        message M {}
        """#,
      expected: #"FILE:3:9: "M" is already defined."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "dup_name",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1;
          string a = 2;
        }
        """#,
      expected: #"FILE:4:10: "a" is already defined in "M"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "dup_number",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1;
          int32 b = 1;
        }
        """#,
      expected:
        #"FILE:4:13: Field number 1 has already been used in "M" by field "a". Next available field number is 2."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "dup_service",
      source: #"""
        syntax = "proto3";
        message M {}
        service S { rpc A(M) returns (M); rpc A(M) returns (M); }
        """#,
      expected: #"FILE:3:39: "A" is already defined in "S"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "editions_required",
      source: #"""
        edition = "2023";
        message M {
          required int32 a = 1;
        }
        """#,
      expected:
        #"FILE:3:3: Label "required" is not supported in editions, use features.field_presence = LEGACY_REQUIRED."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "empty_enum",
      source: #"""
        syntax = "proto3";
        enum E {}
        """#,
      expected: #"FILE:2:6: Enums must contain at least one value."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "enum_default_unknown",
      source: #"""
        syntax = "proto2";
        enum E { A = 1; }
        message M {
          optional E e = 1 [default = B];
        }
        """#,
      expected: #"FILE:4:31: Enum type "E" has no value named "B"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "enum_dup_value",
      source: #"""
        syntax = "proto3";
        enum E {
          A = 0;
          B = 0;
        }
        """#,
      expected:
        #"FILE:4:7: "B" uses the same enum value as "A". If this is intended, set 'option allow_alias = true;' to the enum definition. The next available enum value is 1."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "enum_first_nonzero",
      source: #"""
        syntax = "proto3";
        enum E {
          A = 1;
        }
        """#,
      expected: #"FILE:3:7: The first enum value must be zero for open enums."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "enum_value_scope",
      source: #"""
        syntax = "proto3";
        enum E { X = 0; }
        enum F { X = 0; }
        """#,
      expected: #"FILE:3:10: "X" is already defined."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "ext_range_overlap",
      source: #"""
        syntax = "proto2";
        message M {
          extensions 10 to 20;
          optional int32 a = 15;
        }
        """#,
      expected: #"FILE:3:14: Extension range 10 to 20 includes field "a" (15)."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "extend_proto3",
      source: #"""
        syntax = "proto3";
        message M {}
        extend M { int32 x = 1; }
        """#,
      expected: #"FILE:3:22: "M" does not declare 1 as an extension number."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "extendee_not_message",
      source: #"""
        syntax = "proto2";
        enum E { A = 1; }
        extend E { optional int32 x = 1; }
        """#,
      expected: #"FILE:3:8: "E" is not a message type."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "field_19000",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 19000;
        }
        """#,
      expected:
        #"FILE:3:13: Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation."#,
      sameAsProtoc: false,
      note: "protoc reports this one without a line and column; grpcall points at the number"
    ),
    DiagnosticCase(
      name: "field_too_big",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 536870912;
        }
        """#,
      expected: #"FILE:3:13: Field numbers cannot be greater than 536870911."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "field_zero",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 0;
        }
        """#,
      expected: #"FILE:3:13: Field numbers must be positive integers."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "group_proto3",
      source: #"""
        syntax = "proto3";
        message M {
          optional group G = 1 {}
        }
        """#,
      expected: #"FILE:3:12: Groups are not supported in proto3 syntax."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "int_overflow",
      source: #"""
        syntax = "proto3";
        enum E { A = 0; B = 2147483648; }
        """#,
      expected: #"FILE:2:21: Integer out of range."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "json_conflict",
      source: #"""
        syntax = "proto3";
        message M {
          int32 foo_bar = 1;
          int32 fooBar = 2;
        }
        """#,
      expected:
        #"FILE:4:9: The default JSON name of field "fooBar" ("fooBar") conflicts with the default JSON name of field "foo_bar"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "lower_group",
      source: #"""
        syntax = "proto2";
        message M {
          optional group g = 1 {}
        }
        """#,
      expected: #"FILE:3:18: Group names must start with a capital letter."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "map_key_float",
      source: #"""
        syntax = "proto3";
        message M {
          map<float, string> m = 1;
        }
        """#,
      expected: #"FILE:3:3: Key in map fields cannot be float/double, bytes or message types."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "message_default",
      source: #"""
        syntax = "proto2";
        message N {}
        message M {
          optional N a = 1 [default = 5];
        }
        """#,
      expected: #"FILE:4:31: Messages can't have default values."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "missing_brace",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1;
        """#,
      expected: #"FILE:4:1: Reached end of input in message definition (missing '}')."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "missing_equals",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a 1;
        }
        """#,
      expected: #"FILE:3:11: Missing field number."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "missing_field_name",
      source: #"""
        syntax = "proto3";
        message M {
          int32 = 1;
        }
        """#,
      expected: #"FILE:3:9: Expected field name."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "missing_import",
      source: #"""
        syntax = "proto3";
        import "nope.proto";
        """#,
      expected: #"nope.proto: File not found."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "missing_semicolon",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1
        }
        """#,
      expected: #"FILE:4:1: Expected ";"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "multiple_package",
      source: #"""
        syntax = "proto3";
        package a;
        package b;
        """#,
      expected: #"FILE:3:1: Multiple package definitions."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "neg_field",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = -1;
        }
        """#,
      expected: #"FILE:3:13: Expected field number."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "no_import_ts",
      source: #"""
        syntax = "proto3";
        message M {
          google.protobuf.Timestamp t = 1;
        }
        """#,
      expected:
        #"FILE:3:3: "google.protobuf.Timestamp" is not defined. (did you forget import "google/protobuf/timestamp.proto"?)"#,
      sameAsProtoc: false,
      note: "grpcall adds the import to add"
    ),
    DiagnosticCase(
      name: "not_a_type",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1;
          M.a b = 2;
        }
        """#,
      expected: #"FILE:4:3: "M.a" is not a type."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "not_imported_dep",
      source: #"""
        syntax = "proto3";
        import "dep_public.proto";
        message M {
          google.protobuf.Duration d = 1;
        }
        """#,
      expected:
        #"FILE:4:3: "google.protobuf.Duration" seems to be defined in "google/protobuf/duration.proto", which is not imported by "not_imported_dep.proto".  To use it here, please add the necessary import."#,
      sameAsProtoc: true,
      otherFiles: [
        "dep_public.proto": #"""
        syntax = "proto3";
        import "google/protobuf/duration.proto";
        message D {}
        """#
      ]
    ),
    DiagnosticCase(
      name: "oneof_empty",
      source: #"""
        syntax = "proto3";
        message M {
          oneof o {}
        }
        """#,
      expected: #"FILE:3:12: Expected type name."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "oneof_label",
      source: #"""
        syntax = "proto3";
        message M {
          oneof o {
            repeated int32 a = 1;
          }
        }
        """#,
      expected:
        #"FILE:4:5: Fields in oneofs must not have labels (required / optional / repeated)."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_type",
      source: #"""
        syntax = "proto3";
        option java_package = 5;
        """#,
      expected:
        #"FILE:2:23: Value must be quoted string for string option "google.protobuf.FileOptions.java_package"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "custom_option_int_string",
      source: #"""
        syntax = "proto2";
        package p;
        import "google/protobuf/descriptor.proto";
        extend google.protobuf.FileOptions { optional int32 level = 50000; }
        option (level) = "high";
        """#,
      expected:
        #"FILE:5:18: Value must be integer, from -2147483648 to 2147483647, for int32 option "p.level"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "custom_option_out_of_range",
      source: #"""
        syntax = "proto2";
        package p;
        import "google/protobuf/descriptor.proto";
        extend google.protobuf.FileOptions { optional uint32 size = 50000; }
        option (size) = 4294967296;
        """#,
      expected:
        #"FILE:5:17: Value out of range, 0 to 4294967295, for uint32 option "p.size"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "custom_option_message_scalar",
      source: #"""
        syntax = "proto2";
        package p;
        import "google/protobuf/descriptor.proto";
        message Rule { optional string name = 1; }
        extend google.protobuf.FileOptions { optional Rule rule = 50000; }
        option (rule) = 5;
        """#,
      expected:
        #"FILE:6:17: Option "p.rule" is a message. To set the entire message, use syntax like "rule = { <proto text format> }". To set fields within it, use syntax like "rule.foo = value"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_bool_number",
      source: #"""
        syntax = "proto3";
        message M {
          int32 a = 1 [deprecated = 1];
        }
        """#,
      expected:
        #"FILE:3:29: Value must be identifier for boolean option "google.protobuf.FieldOptions.deprecated"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_bool_word",
      source: #"""
        syntax = "proto3";
        option java_multiple_files = maybe;
        """#,
      expected:
        #"FILE:2:30: Value must be "true" or "false" for boolean option "google.protobuf.FileOptions.java_multiple_files"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_enum_unknown",
      source: #"""
        syntax = "proto3";
        option optimize_for = FASTEST;
        """#,
      expected:
        #"FILE:2:23: Enum type "google.protobuf.FileOptions.OptimizeMode" has no value named "FASTEST" for option "google.protobuf.FileOptions.optimize_for"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_enum_string",
      source: #"""
        syntax = "proto3";
        option optimize_for = "SPEED";
        """#,
      expected:
        #"FILE:2:23: Value must be identifier for enum-valued option "google.protobuf.FileOptions.optimize_for"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "option_message_scalar",
      source: #"""
        edition = "2023";
        option features = 5;
        """#,
      expected:
        #"FILE:2:19: Option "google.protobuf.FileOptions.features" is a message. To set the entire message, use syntax like "features = { <proto text format> }". To set fields within it, use syntax like "features.foo = value"."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "repeated_default",
      source: #"""
        syntax = "proto2";
        message M {
          repeated int32 a = 1 [default = 5];
        }
        """#,
      expected: #"FILE:3:35: Repeated fields can't have default values."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "required_proto3",
      source: #"""
        syntax = "proto3";
        message M {
          required int32 a = 1;
        }
        """#,
      expected: #"FILE:3:12: Required fields are not allowed in proto3."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "reserved_name",
      source: #"""
        syntax = "proto3";
        message M {
          reserved "a";
          int32 a = 1;
        }
        """#,
      expected: #"FILE:4:9: Field name "a" is reserved."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "reserved_number",
      source: #"""
        syntax = "proto3";
        message M {
          reserved 2;
          int32 a = 2;
        }
        """#,
      expected: #"FILE:3:12: Field "a" uses reserved number 2."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "reserved_range_bad",
      source: #"""
        syntax = "proto3";
        message M {
          reserved 10 to 5;
        }
        """#,
      expected: #"FILE:3:12: Reserved range end number must be greater than start number."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "resolve_scope",
      source: #"""
        syntax = "proto3";
        package a.b;
        message Foo { message Bar {} }
        message M {
          b.Bar x = 1;
        }
        """#,
      expected:
        #"FILE:5:3: "b.Bar" is resolved to "a.b.Bar", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., ".b.Bar") to start from the outermost scope."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "rpc_enum",
      source: #"""
        syntax = "proto3";
        enum E { A = 0; }
        service S {
          rpc R(E) returns (E);
        }
        """#,
      expected: #"FILE:4:9: "E" is not a message type."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "string_default_int",
      source: #"""
        syntax = "proto2";
        message M {
          optional string a = 1 [default = 5];
        }
        """#,
      expected: #"FILE:3:36: Expected string for field default value."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "top_level_junk",
      source: #"""
        syntax = "proto3";
        foo bar;
        """#,
      expected: #"FILE:2:1: Expected top-level statement (e.g. "message")."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "undefined_type",
      source: #"""
        syntax = "proto3";
        message M {
          Foo f = 1;
        }
        """#,
      expected: #"FILE:3:3: "Foo" is not defined."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "unknown_option",
      source: #"""
        syntax = "proto3";
        option foo_bar = 1;
        """#,
      expected:
        #"FILE:2:8: Option "foo_bar" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024)."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "unsigned_neg_default",
      source: #"""
        syntax = "proto2";
        message M {
          optional uint32 a = 1 [default = -1];
        }
        """#,
      expected: #"FILE:3:37: Unsigned field can't have negative default value."#,
      sameAsProtoc: true
    ),
    DiagnosticCase(
      name: "unterminated_string",
      source: #"""
        syntax = "proto3;
        """#,
      expected: #"FILE:1:18: Multiline strings are not allowed. Did you miss a "?."#,
      sameAsProtoc: true
    ),
  ]
}
