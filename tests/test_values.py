"""Value classes (pos_doctor/values.py) behave as the dataclasses they replaced on the ZVT client's path: fields in
order, defaults, equality and hashing, frozenness, repr, replace() and asdict()."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from pos_doctor.protocols.zvt.messages import Ack, Completion, DeviceInfo, TerminalMessage, Unknown
from pos_doctor.protocols.zvt.session import CommandResult, LineStats
from pos_doctor.protocols.zvt.tlv import Tlv
from pos_doctor.values import FrozenError, Value, asdict, field, replace


class Point(Value):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    unit: ClassVar[str] = "mm"  # a class variable, not a field


class Point3(Point):
    z: int = 0
    y: int = 5  # a parent's field given another default keeps its place


class Bag(Value, frozen=False):
    name: str = ""
    items: list[int] = field(default_factory=list)


def test_fields_in_order_a_parents_first():
    assert Point._fields == ("x", "y", "tags")
    assert Point3._fields == ("x", "y", "tags", "z")
    assert Point3(1) == Point3(1, 5, (), 0) and Point3(1, z=2).z == 2
    assert Point(1).unit == "mm"


def test_arguments_by_position_or_keyword_and_their_mistakes():
    assert Point(1, 2) == Point(y=2, x=1)
    with pytest.raises(TypeError, match=r"^Point\(\) missing required argument: 'x'$"):
        Point(y=1)
    with pytest.raises(TypeError, match=r"^Point\(\) got an unexpected keyword argument 'w'$"):
        Point(1, w=2)
    with pytest.raises(TypeError, match=r"^Point\(\) got multiple values for argument 'x'$"):
        Point(1, x=2)
    with pytest.raises(TypeError, match=r"^Point\(\) takes 3 positional arguments but 4 were given$"):
        Point(1, 2, (), 4)


def test_a_default_factory_makes_a_new_object_each_time():
    a, b = Bag(), Bag()
    a.items.append(1)
    assert b.items == [] and "items" not in Bag.__dict__
    assert CommandResult("status_enquiry", "completed").raw is not CommandResult("x", "y").raw


def test_equality_is_by_class_and_fields():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != Point3(1, 2)  # another class, as dataclasses compare
    assert TerminalMessage("80 00 00") != Ack("80 00 00")
    assert Ack("80 00 00") != Unknown("80 00 00")
    assert Point(1) != (1, 0, ())


def test_frozen_values_hash_by_their_fields_and_refuse_assignment():
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert {Point(1, 2): "a"}[Point(1, 2)] == "a"
    assert len({Tlv(0x1F44, b"\x01"), Tlv(0x1F44, b"\x01"), Tlv(0x1F44, b"\x02")}) == 2
    p = Point(1)
    with pytest.raises(FrozenError, match="cannot assign to field 'x'"):
        p.x = 2
    with pytest.raises(AttributeError):  # FrozenError is one, as dataclasses' FrozenInstanceError
        del p.y
    assert p == Point(1)


def test_mutable_values_change_and_are_unhashable():
    stats = LineStats()
    stats.frames_sent += 1
    assert vars(stats) == {"frames_sent": 1, "repeats": 0, "naks_received": 0, "naks_sent": 0, "crc_errors": 0,
                           "timeouts": 0, "missing_acks": 0}  # checks/zvt.py takes the counters this way
    with pytest.raises(TypeError, match="unhashable"):
        hash(Bag())


def test_repr_names_the_class_and_every_field():
    assert repr(Point(1, tags=("a",))) == "Point(x=1, y=0, tags=('a',))"
    assert repr(Ack("80 00 00")) == "Ack(hex='80 00 00')"
    assert repr(Bag("b", [1])) == "Bag(name='b', items=[1])"


def test_replace_makes_a_changed_copy_through_init():
    p = Point3(1, tags=("a",))
    q = replace(p, z=9)
    assert (type(q), q, p.z) == (Point3, Point3(1, 5, ("a",), 9), 0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'w'"):
        replace(p, w=1)


def test_asdict_converts_values_inside_tuples_lists_and_dicts():
    msg = Completion("06 0F 00", device=DeviceInfo(name="T1"), tlv=(Tlv(0xE4, children=(Tlv(0x1F40, b"T1"),)),))
    d = asdict(msg)
    assert d["device"] == {"name": "T1", "software_version": None, "serial_number": None, "state": None}
    assert d["tlv"] == ({"tag": 0xE4, "value": b"", "children": ({"tag": 0x1F40, "value": b"T1", "children": ()},)},)
    assert asdict(Bag("b", [1])) == {"name": "b", "items": [1]}
    assert asdict(CommandResult("c", "o", messages=[Ack("80 00 00")]))["messages"] == [{"hex": "80 00 00"}]


def test_copies_and_pickles_are_equal_values():
    for v in (Point3(1, tags=("a",)), Completion("06 0F 00", device=DeviceInfo(name="T1")), Bag("b", [1])):
        assert copy.deepcopy(v) == v and copy.copy(v) == v and pickle.loads(pickle.dumps(v)) == v
