"""The shipped playbooks live at the top level (playbooks/); a built package carries them as
pos_doctor/playbooks_data/. pos_doctor.resources finds either. The message catalogs are compiled here too."""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPlaybooks(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "pos_doctor" / "playbooks_data"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(Path(__file__).parent.joinpath("playbooks").glob("*.yaml")):
            target.joinpath(source.name).write_bytes(source.read_bytes())
        # the message catalogs, compiled: pos_doctor/locale/<locale>/LC_MESSAGES/*.po -> pos_doctor.mo
        import sys

        sys.path.insert(0, str(Path(__file__).parent))
        from pos_doctor.catalogs import compile_all

        compile_all(out=Path(self.build_lib) / "pos_doctor" / "locale")


setup(cmdclass={"build_py": BuildWithPlaybooks})
