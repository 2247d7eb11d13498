"""Validates AWS API requests against botocore's own service models (Debian python3-botocore).

stdin: JSON list of {"service", "operation", "params"}; stdout: JSON list of problems ([] = all valid).
botocore's ParamValidator checks required members, unknown members, types and minimums; enum values
are checked here against the model too (the validator does not).
"""
import json
import sys

import botocore
import botocore.session
from botocore.validate import ParamValidator


def enum_problems(shape, value, path):
    out = []
    if shape is None or value is None:
        return out
    if shape.type_name == "string" and getattr(shape, "enum", None) and isinstance(value, str) and value not in shape.enum:
        out.append(f"{path}: {value!r} is not one of {shape.enum}")
    elif shape.type_name == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                out += enum_problems(shape.members[k], v, f"{path}.{k}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            out += enum_problems(shape.member, v, f"{path}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for k, v in value.items():
            out += enum_problems(shape.value, v, f"{path}.{k}")
    return out


def main():
    session = botocore.session.get_session()
    problems = []
    for req in json.load(sys.stdin):
        where = f"{req['service']}.{req['operation']}"
        try:
            model = session.get_service_model(req["service"])
            op = model.operation_model(req["operation"])
        except Exception as e:  # unknown service or operation
            problems.append(f"{where}: {e}")
            continue
        report = ParamValidator().validate(req["params"], op.input_shape)
        if report.has_errors():
            problems.append(f"{where}: {report.generate_report()}")
        problems += [f"{where}: {p}" for p in enum_problems(op.input_shape, req["params"], "params")]
    json.dump({"botocore": botocore.__version__, "problems": problems}, sys.stdout)


if __name__ == "__main__":
    main()
