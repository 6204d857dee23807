from pos_doctor.cli.fast import run

if __name__ == "__main__":  # `python -m pos_doctor`: the console script's path, its fast answers included
    run()
